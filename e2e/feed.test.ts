import { describe, expect, it } from "vitest";
import { apiGet, apiPost, baseUrl, screenshot, useBrowserSessions } from "./browser";

interface FeedPost {
  id: string;
  body: string;
}

/** «Живая лента»: a head's important announcement, a manager's «Прочитал(а)», and who has not read it. */
describe("the news feed in the browser", () => {
  const session = useBrowserSessions();
  const marker = Date.now().toString(36);
  const text = `Планёрка переносится на 10:00 ${marker}`;
  let postId: string;

  it("a head posts an important announcement to his unit from the home page", async () => {
    // A manager of the unit has the feed open: the post arrives there over the socket, without a reload.
    const reader = await session("a.ismailova");
    await reader.goto(`${baseUrl()}/feed`);
    await reader.getByRole("region", { name: "Живая лента" }).getByRole("button", { name: "Написать" }).waitFor();
    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/`);
    const feed = page.getByRole("region", { name: "Живая лента" });
    await feed.getByRole("button", { name: "Написать" }).click();
    const dialog = page.getByRole("dialog", { name: "Новая запись" });
    const editor = dialog.getByRole("textbox", { name: "Текст записи" });
    await editor.click();
    await page.keyboard.type(text);
    // Nothing chosen is refused before sending; his own unit is the audience to begin with.
    await dialog.getByLabel("Важное — читатели подтверждают «Прочитал(а)»").check();
    await screenshot(page, "feed-01-compose");
    await dialog.getByRole("button", { name: "Опубликовать" }).click();
    await dialog.waitFor({ state: "detached" });
    const post = feed.getByTestId("feed-post").filter({ hasText: text });
    await post.getByText("Важное").waitFor();
    await post.getByText("Прочитали 0 из", { exact: false }).waitFor();
    const mine = await apiGet<{ items: FeedPost[] }>(page, `/feed?q=${encodeURIComponent(marker)}`);
    postId = mine.items[0]!.id;
    await screenshot(page, "feed-02-posted");
    await reader.getByTestId("feed-post").filter({ hasText: text }).waitFor({ timeout: 15_000 });
  });

  it("a manager of the unit reads it and confirms; someone outside the unit does not find it", async () => {
    const page = await session("a.ismailova");
    await page.goto(`${baseUrl()}/feed`);
    const post = page.getByTestId("feed-post").filter({ hasText: text });
    await post.getByRole("button", { name: "Прочитал(а)" }).click();
    await post.getByText("Вы подтвердили прочтение").waitFor();
    await screenshot(page, "feed-03-confirmed");

    // A manager of another city: the post is neither in the feed nor behind its address.
    const managers = await apiGet<{ items: { login: string; unitName: string }[] }>(
      page,
      "/users?limit=200&role=manager",
    );
    const me = await apiGet<{ unitName: string }>(page, "/me");
    // A demo employee: other tests add people with passwords of their own («pw.change…»).
    const outsider = managers.items.find(
      (user) =>
        /^[a-z]\.[a-z]+\d*$/.test(user.login) && user.unitName !== me.unitName && !user.unitName.includes(me.unitName),
    )!;
    const other = await session(outsider.login);
    const found = await apiGet<{ items: FeedPost[] }>(other, `/feed?q=${encodeURIComponent(marker)}`);
    expect(found.items).toEqual([]);
    await other.goto(`${baseUrl()}/feed/${postId}`);
    await other.getByText("Страница не найдена", { exact: false }).waitFor();
  });

  it("the head sees who has read it and who has not", async () => {
    const page = await session("d.kozlov");
    await page.goto(`${baseUrl()}/feed/${postId}`);
    const post = page.getByTestId("feed-post").filter({ hasText: text });
    await post.getByText("Прочитали 1 из", { exact: false }).waitFor();
    await post.getByRole("button", { name: "Кто прочитал" }).click();
    const dialog = page.getByRole("dialog", { name: "Кто прочитал запись" });
    const read = dialog.getByRole("region", { name: "Прочитали (1)" });
    await read.getByText("Исмаилова", { exact: false }).waitFor();
    const unread = dialog.getByRole("region", { name: /Не прочитали \(\d+\)/ });
    expect(await unread.getByText("Исмаилова", { exact: false }).count()).toBe(0);
    expect(await unread.locator("p").count()).toBeGreaterThan(0);
    await screenshot(page, "feed-04-readers");
    await page.keyboard.press("Escape");

    // A comment under the post, seen on the post's page.
    await post.getByRole("textbox", { name: "Комментарий" }).fill(`Всем быть вовремя ${marker}`);
    await post.getByRole("button", { name: "Отправить" }).click();
    await post
      .getByTestId("feed-comment")
      .filter({ hasText: `Всем быть вовремя ${marker}` })
      .waitFor();

    // On a phone the feed fits the width.
    const phone = await session("a.ismailova", { viewport: { width: 375, height: 740 }, isMobile: true });
    await phone.goto(`${baseUrl()}/feed`);
    await phone.getByTestId("feed-post").filter({ hasText: text }).waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(phone, "feed-05-phone");
  });

  it("a head asks his unit in a poll, a manager votes and changes her mind, the head corrects his post", async () => {
    const question = `Когда разбор КП ${marker}?`;
    const head = await session("d.kozlov");
    await head.goto(`${baseUrl()}/feed`);
    const feed = head.getByRole("region", { name: "Живая лента" });
    await feed.getByRole("button", { name: "Написать" }).click();
    const dialog = head.getByRole("dialog", { name: "Новая запись" });
    await dialog.getByRole("textbox", { name: "Текст записи" }).click();
    await head.keyboard.type(`Коллеги, выберите время ${marker}`);
    await dialog.getByRole("button", { name: "Добавить опрос" }).click();
    await dialog.getByLabel("Вопрос").fill(question);
    await dialog.getByLabel("Вариант 1").fill("Утром");
    await dialog.getByLabel("Вариант 2").fill("Вечером");
    await screenshot(head, "feed-06-poll-compose");
    await dialog.getByRole("button", { name: "Опубликовать" }).click();
    await dialog.waitFor({ state: "detached" });
    const headsPost = feed.getByTestId("feed-post").filter({ hasText: question });
    await headsPost.getByText("Проголосовали: 0").waitFor();

    const reader = await session("a.ismailova");
    await reader.goto(`${baseUrl()}/feed`);
    const post = reader.getByTestId("feed-post").filter({ hasText: question });
    await post.getByRole("radio", { name: "Утром" }).check();
    await post.getByRole("button", { name: "Проголосовать" }).click();
    await post.getByText("Проголосовали: 1").waitFor();
    await post.getByLabel(/Утром: 1 гол\., 100 %/).waitFor();
    // She changes her mind: still one voter, the other answer.
    await post.getByRole("button", { name: "Изменить голос" }).click();
    await post.getByRole("radio", { name: "Вечером" }).check();
    await post.getByRole("button", { name: "Проголосовать" }).click();
    await post.getByLabel(/Вечером: 1 гол\., 100 %/).waitFor();
    await screenshot(reader, "feed-07-poll-voted");
    // The head's open feed shows the vote without a reload (the feed's push).
    await headsPost.getByText("Проголосовали: 1").waitFor({ timeout: 15_000 });

    // «Изменить»: the head corrects his text; the manager's menu has no such item.
    await headsPost.getByRole("button", { name: "Действия с записью" }).click();
    await head.getByRole("menuitem", { name: "Изменить" }).click();
    const edit = head.getByRole("dialog", { name: "Изменить запись" });
    const editor = edit.getByRole("textbox", { name: "Текст записи" });
    await editor.click();
    await head.keyboard.press("End");
    await head.keyboard.type(" — до пятницы");
    await edit.getByRole("button", { name: "Сохранить" }).click();
    await edit.waitFor({ state: "detached" });
    await headsPost.getByText("до пятницы", { exact: false }).waitFor();
    await headsPost.getByText("изменено", { exact: false }).waitFor();
    expect(await post.getByRole("button", { name: "Действия с записью" }).count()).toBe(0);
  });

  it("a deal won shows in the team's feed: title and amount to the head, only the news to a fellow manager", async () => {
    const seller = await session("a.ismailova");
    const pipelines = await apiGet<{ items: { stages: { id: string; semantic: string }[] }[] }>(seller, "/pipelines");
    const won = pipelines.items[0]!.stages.find((stage) => stage.semantic === "won")!.id;
    const title = `Победа ${marker}`;
    await apiPost(seller, "/deals", { title, amount: 1_234_567, stageId: won });
    const me = await apiGet<{ id: string; name: string; unitId: string }>(seller, "/me");

    const head = await session("d.kozlov");
    await head.goto(`${baseUrl()}/feed`);
    const event = head
      .getByTestId("feed-post")
      .filter({ has: head.getByRole("link", { name: `Открыть сделку ${title}` }) });
    await event.getByText(`${me.name} выиграл(а) сделку`).waitFor();
    await event.getByText(/1\s234\s567/).waitFor();
    await screenshot(head, "feed-08-deal-won");

    // A fellow manager of the unit reads only their own deals: the news, without the deal.
    const colleagues = await apiGet<{ items: { login: string; unitId: string; role: string }[] }>(
      seller,
      `/users?limit=200&role=manager`,
    );
    const fellow = colleagues.items.find(
      (user) => user.unitId === me.unitId && user.login !== "a.ismailova" && /^[a-z]\.[a-z]+\d*$/.test(user.login),
    )!;
    const other = await session(fellow.login);
    const feed = await apiGet<{ items: { kind: string; author: { id: string }; event: { deal: unknown } | null }[] }>(
      other,
      "/feed?limit=50",
    );
    const news = feed.items.find((post) => post.kind === "deal_won" && post.author.id === me.id)!;
    expect(news.event!.deal).toBeNull();
    await other.goto(`${baseUrl()}/feed`);
    await other.getByText(`${me.name} выиграл(а) сделку`).first().waitFor();
    expect(await other.getByText(title).count()).toBe(0);
  });
});
