/**
 * The shape of the Kazakh texts: every key of the Russian set, except the plural forms Kazakh
 * does not have (i18next asks Intl.PluralRules("kk"), which knows only `one` and `other`).
 */
export type Kazakh<T> = {
  [K in keyof T as K extends `${string}_few` | `${string}_many` ? never : K]: T[K] extends string
    ? string
    : Kazakh<T[K]>;
};
