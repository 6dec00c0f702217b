import { type ChangeEvent, useCallback, useState } from "react";

type Errors = Record<string, string | undefined>;

/** A small controlled-form helper: values, per-field errors, and input bindings. */
export function useFormState<T extends Record<string, unknown>>(initial: T | (() => T)) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrorsState] = useState<Errors>({});

  const setField = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    setErrorsState((current) => (current[key as string] ? { ...current, [key as string]: undefined } : current));
  }, []);

  const setErrors = useCallback((next: Errors) => setErrorsState(next), []);

  const reset = useCallback((next: T) => {
    setValues(next);
    setErrorsState({});
  }, []);

  /** Props for a TextInput / PasswordInput bound to a string field. */
  function text<K extends keyof T>(key: K) {
    return {
      value: (values[key] as string | null | undefined) ?? "",
      onChange: (event: ChangeEvent<HTMLInputElement>) => setField(key, event.currentTarget.value as T[K]),
      error: errors[key as string],
    };
  }

  return { values, errors, setField, setErrors, reset, text };
}
