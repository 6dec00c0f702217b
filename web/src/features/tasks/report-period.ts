import dayjs from "dayjs";

export interface Period {
  from: string;
  to: string;
}

/** This month so far: the reports' default period. */
export function defaultPeriod(today: string): Period {
  return { from: `${today.slice(0, 7)}-01`, to: today };
}

/** The report's period: the address's `from` and `to` where it has them, else this month so far. */
export function reportPeriod(today: string, search: { from?: string; to?: string }): Period {
  return {
    ...defaultPeriod(today),
    ...(search.from ? { from: search.from } : {}),
    ...(search.to ? { to: search.to } : {}),
  };
}

/** The periods people ask for most, `today` being the company's calendar day: this week, this month, last month. */
export function periodPresets(today: string): { thisWeek: Period; thisMonth: Period; lastMonth: Period } {
  const day = dayjs(today);
  // ISO weeks start on Monday; dayjs counts Sunday as 0.
  const monday = day.subtract((day.day() + 6) % 7, "day");
  const lastMonth = day.subtract(1, "month");
  return {
    thisWeek: { from: monday.format("YYYY-MM-DD"), to: today },
    thisMonth: defaultPeriod(today),
    lastMonth: {
      from: lastMonth.startOf("month").format("YYYY-MM-DD"),
      to: lastMonth.endOf("month").format("YYYY-MM-DD"),
    },
  };
}
