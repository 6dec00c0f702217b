import type { ImportRowError } from "@planerka/common";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { i18n } from "../../i18n";
import { ProblemError } from "../../lib/api";
import { importFieldLabel, importProblemText, importRowErrorText } from "./import-messages";

// The toasts are not shown here; Mantine's would need a page.
vi.mock("@mantine/notifications", () => ({ notifications: { show: vi.fn() } }));

beforeAll(async () => {
  await i18n.changeLanguage("ru");
});

const rowError = (patch: Partial<ImportRowError>): ImportRowError => ({
  row: 3,
  field: null,
  code: "invalid",
  message: "Server's own words",
  ...patch,
});

function refusal(
  status: number,
  errors: { path: string; message: string; code?: string; params?: Record<string, string | number> }[] = [],
) {
  return new ProblemError({ type: "about:blank", title: "Unprocessable Entity", status, errors });
}

describe("a row the import skipped", () => {
  it("names the field as the form does, then what is wrong with the value", () => {
    expect(importRowErrorText(rowError({ field: "bin", code: "invalidBin", params: { value: "123" } }))).toBe(
      "БИН/ИИН: «123» — не БИН/ИИН: нужно 12 цифр с верной контрольной цифрой",
    );
    expect(importRowErrorText(rowError({ field: "name", code: "tooLong", params: { max: 300 } }))).toBe(
      "Название / ФИО: длиннее 300 символов",
    );
  });

  it("says only what is wrong when no field is to blame", () => {
    expect(importRowErrorText(rowError({ code: "stopped" }))).toBe(
      "импорт остановлен из-за ошибки сервера; загрузите файл ещё раз",
    );
  });

  it("keeps the server's words for a code this version does not know, and a field's key for an unknown field", () => {
    expect(importRowErrorText(rowError({ code: "brandNew" as ImportRowError["code"], field: "bin" }))).toBe(
      "Server's own words",
    );
    expect(importFieldLabel("warehouse")).toBe("warehouse");
  });

  it("speaks the reader's language", async () => {
    await i18n.changeLanguage("en");
    expect(importRowErrorText(rowError({ field: "bin", code: "invalidBin", params: { value: "123" } }))).toBe(
      "BIN/IIN: “123” is not a BIN/IIN: 12 digits with a valid check digit",
    );
    await i18n.changeLanguage("ru");
  });
});

describe("a refused file or mapping", () => {
  it("explains the problem the server names, with the field as the form names it", () => {
    const error = refusal(422, [
      { path: "body.mapping", message: "Map a column to name", code: "mappingRequired", params: { field: "name" } },
    ]);
    expect(importProblemText(error)).toBe("Выберите столбец для обязательного поля «Название / ФИО»");
    expect(
      importProblemText(
        refusal(422, [{ path: "body.file", message: "…", code: "cellTooLong", params: { row: 12, max: 32767 } }]),
      ),
    ).toBe("В строке 12 ячейка длиннее 32767 символов");
  });

  it("says the file is too large when the server refuses it by size alone", () => {
    expect(importProblemText(refusal(413))).toBe("Файл больше 20 МБ");
  });

  it("falls back to the usual texts for anything else", () => {
    expect(importProblemText(refusal(0))).toBe("Нет связи с сервером. Проверьте подключение и повторите.");
    expect(importProblemText(new Error("boom"))).toBe("Что-то пошло не так. Повторите попытку.");
    const other = new ProblemError({
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "Неверный запрос",
    });
    expect(importProblemText(other)).toBe("Неверный запрос");
  });
});

describe("counting rows in each language", () => {
  const rows = (count: number) => i18n.t("activities.imports.rows", { count });

  it("uses the Russian plural forms: one, few, many", async () => {
    await i18n.changeLanguage("ru");
    expect([1, 3, 5, 11, 21, 22, 25, 111].map(rows)).toEqual([
      "1 строка",
      "3 строки",
      "5 строк",
      "11 строк",
      "21 строка",
      "22 строки",
      "25 строк",
      "111 строк",
    ]);
  });

  it("leaves the noun singular after a number in Kazakh, and plural from two in English", async () => {
    await i18n.changeLanguage("kk");
    expect([1, 5, 21].map(rows)).toEqual(["1 жол", "5 жол", "21 жол"]);
    await i18n.changeLanguage("en");
    expect([1, 2, 21].map(rows)).toEqual(["1 row", "2 rows", "21 rows"]);
    await i18n.changeLanguage("ru");
  });
});
