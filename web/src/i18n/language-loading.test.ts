import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { en } from "./en";
import { i18n, i18nReady, setLanguage } from "./index";
import { kk } from "./kk";
import { ru } from "./ru";

// The texts of each language are loaded when the language is first used (a chunk each in the
// build); the interface stays in the current language until the next one's texts are in.

describe("loading a language's texts on demand", () => {
  it("starts with the Russian texts alone", async () => {
    await i18nReady;
    expect(i18n.language).toBe("ru");
    expect(i18n.t("cabinet.figures.region")).toBe(ru.cabinet.figures.region);
    expect(i18n.hasResourceBundle("en", "translation")).toBe(false);
    expect(i18n.hasResourceBundle("kk", "translation")).toBe(false);
    expect(dayjs.locale()).toBe("ru");
  });

  it("keeps the current language until the next one's texts have arrived, then switches texts and dates", async () => {
    await i18nReady;
    const switching = setLanguage("kk", { remember: false });
    expect(i18n.language).toBe("ru");
    expect(i18n.t("cabinet.figures.region")).toBe(ru.cabinet.figures.region);
    await switching;
    expect(i18n.language).toBe("kk");
    expect(i18n.t("cabinet.figures.region")).toBe(kk.cabinet.figures.region);
    expect(dayjs.locale()).toBe("kk");
    // Only what was asked for: English is still not loaded.
    expect(i18n.hasResourceBundle("en", "translation")).toBe(false);

    await setLanguage("en", { remember: false });
    expect(i18n.t("cabinet.figures.region")).toBe(en.cabinet.figures.region);
    await setLanguage("ru", { remember: false });
    expect(i18n.t("cabinet.figures.region")).toBe(ru.cabinet.figures.region);
    expect(dayjs.locale()).toBe("ru");
  });
});
