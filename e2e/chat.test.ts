import type { Browser, BrowserContext, Locator, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiGet, baseUrl, launchBrowser, logIn, screenshot } from "./browser";

interface Person {
  id: string;
  name: string;
  login: string;
}

describe("business chat in the browser", () => {
  let browser: Browser;
  const marker = Date.now().toString(36);
  const contexts: BrowserContext[] = [];
  let head: Page;
  let manager: Page;
  let headUser: Person;
  let managerUser: Person;
  let chatUrl: string;

  const session = async (login: string, viewport = { width: 1366, height: 800 }) => {
    const phone = viewport.width < 500;
    const context = await browser.newContext({ viewport, locale: "ru-RU", isMobile: phone, hasTouch: phone });
    contexts.push(context);
    const page = await context.newPage();
    await logIn(page, login, "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    return page;
  };

  const person = async (page: Page, login: string) => {
    const found = await apiGet<{ items: Person[] }>(page, `/users?q=${login}&limit=10`);
    return found.items.find((user) => user.login === login)!;
  };

  const composer = (page: Page) => page.getByRole("textbox", { name: "Сообщение", exact: true });
  const message = (page: Page, text: string) => page.getByTestId("chat-message").filter({ hasText: text });
  const badgeCount = async (page: Page) => {
    const badge = page.getByTestId("chat-unread-badge");
    return (await badge.count()) === 0 ? 0 : Number(await badge.innerText());
  };
  const send = async (page: Page, text: string) => {
    await composer(page).fill(text);
    await composer(page).press("Enter");
    await message(page, text).waitFor();
  };

  /** A record chat opens on request; once joined (an earlier run on the same server) it is shown at once. */
  const openRecordChat = async (section: Locator) => {
    const open = section.getByRole("button", { name: "Открыть чат" });
    const chat = section.getByTestId("record-chat");
    await open.or(chat).waitFor();
    if (await open.isVisible()) await open.click();
    await chat.waitFor();
  };

  beforeAll(async () => {
    browser = await launchBrowser();
    head = await session("d.kozlov");
    manager = await session("a.ismailova");
    headUser = await person(head, "d.kozlov");
    managerUser = await person(head, "a.ismailova");
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it("two colleagues write to each other in real time, with an unread badge before the chat is opened", async () => {
    // What the manager had unread, in all and in this chat (left by an earlier test of the same server).
    const chats = await apiGet<{
      items: { kind: string; peer: { id: string } | null; unread: number }[];
      unreadTotal: number;
    }>(manager, "/chats");
    const unreadBefore = chats.unreadTotal;
    await expect.poll(() => badgeCount(manager)).toBe(unreadBefore);
    const earlier = chats.items.find((chat) => chat.kind === "direct" && chat.peer?.id === headUser.id)?.unread ?? 0;

    // The head starts a direct chat from «Новый чат» with the colleague picked by name.
    await head.goto(`${baseUrl()}/chat`);
    await head.getByRole("button", { name: "Новый чат" }).click();
    const dialog = head.getByRole("dialog", { name: "Новый чат" });
    await dialog.getByRole("combobox", { name: "Коллега" }).fill(managerUser.name);
    // The server's search narrows the list to the one colleague; pick once it has.
    await expect.poll(() => dialog.getByRole("option").count()).toBe(1);
    await dialog.getByRole("option", { name: managerUser.name }).click();
    await dialog.getByRole("button", { name: "Открыть чат" }).click();
    await head.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    chatUrl = head.url();
    const greeting = `Добрый день! Как дела со сделкой? ${marker}`;
    await send(head, greeting);

    // The manager, elsewhere in the portal, sees the badge grow without reloading.
    await expect.poll(() => badgeCount(manager)).toBe(unreadBefore + 1);
    await screenshot(manager, "50-chat-unread-badge");

    await manager.getByRole("link", { name: /^Чат/ }).click();
    const item = manager.getByTestId("chat-list-item").filter({ hasText: headUser.name });
    await expect.poll(async () => (await item.innerText()).includes(greeting)).toBe(true);
    await item.click();
    await message(manager, greeting).waitFor();
    // Reading the chat clears the badge.
    await expect.poll(() => badgeCount(manager)).toBe(unreadBefore - earlier);

    // A reply with the quote reaches the head live.
    await message(manager, greeting).hover();
    await message(manager, greeting).getByRole("button", { name: "Ответить" }).click();
    await manager.getByTestId("composer-banner").getByText(`Ответ для ${headUser.name}`).waitFor();
    const reply = `Всё по плану, отправила КП ${marker}`;
    await send(manager, reply);
    const replyAtHead = message(head, reply);
    await replyAtHead.waitFor();
    await expect.poll(async () => (await replyAtHead.innerText()).includes(greeting)).toBe(true);

    // A reaction by the manager appears on the head's side.
    await message(manager, greeting).first().hover();
    await message(manager, greeting).first().getByRole("button", { name: "Реакция" }).click();
    await manager.getByRole("button", { name: "Реакция 👍" }).click();
    const reaction = message(head, greeting).first().getByTestId("chat-reaction");
    await expect.poll(async () => (await reaction.innerText()).replace(/\s+/g, "")).toBe("👍1");

    // The head edits the message; the manager sees the new text marked as edited.
    await message(head, greeting).first().hover();
    await message(head, greeting).first().getByRole("button", { name: "Ещё" }).click();
    await head.getByRole("menuitem", { name: "Изменить" }).click();
    await head.getByTestId("composer-banner").getByText("Редактирование сообщения").waitFor();
    const edited = `Добрый день! Как дела со сделкой «Сварка»? ${marker}`;
    await composer(head).fill(edited);
    await composer(head).press("Enter");
    // The quote in the reply follows the edit, so the edited message is the first of the two.
    const editedAtManager = message(manager, edited).first();
    await editedAtManager.waitFor();
    await expect.poll(async () => (await editedAtManager.innerText()).includes("изменено")).toBe(true);

    // A mention: typing @ offers the chat's members and inserts the marker, shown as a name.
    await composer(head).pressSequentially(`Посмотрите, пожалуйста, @${managerUser.name.split(" ")[0]!.slice(0, 4)}`);
    await head.getByRole("option", { name: managerUser.name }).waitFor();
    await composer(head).press("Enter");
    await expect.poll(() => composer(head).inputValue()).toContain(`@[${managerUser.name}](${managerUser.id})`);
    await composer(head).pressSequentially(`счёт ${marker}-m`);
    await composer(head).press("Enter");
    const mention = message(manager, `${marker}-m`).locator(`[data-mention-id="${managerUser.id}"]`);
    await mention.waitFor();
    expect(await mention.innerText()).toBe(`@${managerUser.name}`);

    await screenshot(head, "51-chat-head-desktop");
    await screenshot(manager, "52-chat-manager-desktop");
  });

  it("markup and script links in a message stay inert text; web links open in a new tab", async () => {
    await head.goto(chatUrl);
    await manager.goto(chatUrl);
    const hostile = `<script>window.__x=1</script> <img src=x onerror="window.__x=2"> javascript:alert(1) [ссылка](javascript:alert(2)) https://example.com/price?id=1 ${marker}-x`;
    await send(head, hostile);
    const row = message(manager, `${marker}-x`);
    await row.waitFor();
    expect(await row.innerText()).toContain("<script>window.__x=1</script>");
    for (const page of [head, manager]) {
      const result = await page.evaluate(() => ({
        x: (window as unknown as { __x?: number }).__x,
        scripts: document.querySelectorAll(
          '[data-testid="chat-messages"] script, [data-testid="chat-messages"] img[src="x"]',
        ).length,
        scriptLinks: Array.from(document.querySelectorAll("a")).filter((link) =>
          (link.getAttribute("href") ?? "").trim().toLowerCase().startsWith("javascript:"),
        ).length,
      }));
      expect(result).toEqual({ x: undefined, scripts: 0, scriptLinks: 0 });
    }
    const links = row.getByRole("link");
    expect(await links.count()).toBe(1);
    expect(await links.first().getAttribute("href")).toBe("https://example.com/price?id=1");
    expect(await links.first().getAttribute("target")).toBe("_blank");
    expect(await links.first().getAttribute("rel")).toBe("noopener noreferrer");
    await screenshot(manager, "53-chat-inert-markup");
  });

  it("a picture and a file sent to the chat show as a thumbnail and a download link on the other side", async () => {
    await head.goto(chatUrl);
    await manager.goto(chatUrl);
    await composer(manager).waitFor();
    const png = await head.evaluate(() => {
      const canvas = document.createElement("canvas");
      canvas.width = 480;
      canvas.height = 300;
      const context = canvas.getContext("2d")!;
      const gradient = context.createLinearGradient(0, 0, 480, 300);
      gradient.addColorStop(0, "#4c6ef5");
      gradient.addColorStop(1, "#fd7e14");
      context.fillStyle = gradient;
      context.fillRect(0, 0, 480, 300);
      context.fillStyle = "#fff";
      context.font = "bold 36px sans-serif";
      context.fillText("Сварочный аппарат", 40, 160);
      return canvas.toDataURL("image/png").split(",")[1]!;
    });
    const input = head.getByTestId("chat-conversation").locator('input[type="file"]');
    await input.setInputFiles([
      { name: `photo-${marker}.png`, mimeType: "image/png", buffer: Buffer.from(png, "base64") },
      { name: `price-${marker}.txt`, mimeType: "text/plain", buffer: Buffer.from("Прайс-лист\n") },
    ]);
    const image = manager.getByRole("button", { name: `Открыть изображение photo-${marker}.png` });
    await image.waitFor();
    await expect
      .poll(() => image.locator("img").evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBe(480);
    const download = manager.getByRole("link", { name: `Скачать price-${marker}.txt` });
    await download.waitFor();
    expect(await download.getAttribute("href")).toMatch(/^\/api\/v1\/chats\/[0-9a-f-]{36}\/files\/[0-9a-f-]{36}$/);
    await screenshot(manager, "54-chat-files");
    await image.click();
    const viewer = manager.getByRole("dialog", { name: `photo-${marker}.png` });
    await viewer.getByRole("img", { name: `photo-${marker}.png` }).waitFor();
    await manager.waitForTimeout(400); // the modal's opening transition
    await screenshot(manager, "55-chat-image-full");
    await manager.keyboard.press("Escape");
    await viewer.waitFor({ state: "hidden" });
  });

  it("search finds a message and opens its chat at it", async () => {
    await head.goto(`${baseUrl()}/chat`);
    await head.getByRole("textbox", { name: "Поиск в чатах" }).fill(`КП ${marker}`);
    const result = head.getByTestId("chat-search-result").filter({ hasText: `КП ${marker}` });
    await result.first().waitFor();
    await screenshot(head, "56-chat-search");
    await result.first().click();
    await head.waitForURL((url) => url.href.startsWith(chatUrl));
    await message(head, `отправила КП ${marker}`).waitFor();
  });

  it("a group chat: created with members, who see it and can be managed in the members panel", async () => {
    await head.goto(`${baseUrl()}/chat`);
    await manager.goto(`${baseUrl()}/chat`);
    await head.getByRole("button", { name: "Новый чат" }).click();
    const dialog = head.getByRole("dialog", { name: "Новый чат" });
    await dialog.getByText("Группа", { exact: true }).click();
    const title = `Планерка Алматы ${marker}`;
    await dialog.getByLabel("Название группы", { exact: true }).fill(title);
    await dialog.getByRole("combobox", { name: "Участники" }).fill(managerUser.name);
    await expect.poll(() => dialog.getByRole("option").count()).toBe(1);
    await dialog.getByRole("option", { name: managerUser.name }).click();
    // Close the list of people (it covers the buttons) by clicking the dialog's title.
    await dialog.getByRole("heading", { name: "Новый чат" }).click();
    await screenshot(head, "57-chat-new-group");
    await dialog.getByRole("button", { name: "Создать группу" }).click();
    await head.waitForURL(/\/chat\/[0-9a-f-]{36}$/);
    await send(head, `Коллеги, планерка в 9:00 ${marker}-g`);

    const item = manager.getByTestId("chat-list-item").filter({ hasText: title });
    await item.waitFor();
    await item.click();
    await message(manager, `${marker}-g`).waitFor();

    await head.getByRole("button", { name: "Участники чата" }).click();
    const panel = head.getByRole("dialog", { name: "Участники" });
    await panel.getByTestId("chat-members").getByText(managerUser.name).waitFor();
    await head.waitForTimeout(400); // the drawer's opening transition
    await screenshot(head, "58-chat-group-members");
    await panel.getByRole("button", { name: `Исключить из чата: ${managerUser.name}` }).click();
    await head
      .getByRole("dialog", { name: "Исключить из чата?" })
      .getByRole("button", { name: "Исключить из чата" })
      .click();
    // The removed member loses the chat at once.
    await item.waitFor({ state: "detached" });
  });

  it("a deal's chat on its card: the head opens it and writes, the owner answers there", async () => {
    const deals = await apiGet<{ items: { id: string; title: string }[] }>(
      head,
      `/deals?ownerId=${managerUser.id}&limit=1&sort=-updatedAt`,
    );
    const deal = deals.items[0]!;
    await head.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    const section = head.getByRole("region", { name: "Чат", exact: true });
    await openRecordChat(section);
    await send(head, `Что с оплатой по этой сделке? ${marker}-d`);

    await manager.goto(`${baseUrl()}/crm/deals/${deal.id}`);
    await openRecordChat(manager.getByRole("region", { name: "Чат", exact: true }));
    await message(manager, `${marker}-d`).waitFor();
    await send(manager, `Оплата придёт в пятницу ${marker}-e`);
    await message(head, `${marker}-e`).waitFor();
    await head.evaluate(() => window.scrollTo(0, 0));
    await screenshot(head, "59-chat-deal-card");
  });

  it("history loads page by page while scrolling up, keeping the reader's place", async () => {
    const chatId = await head.evaluate(
      async ({ memberId, title }) => {
        const post = (path: string, body: unknown) =>
          fetch(`/api/v1${path}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify(body),
          }).then((response) => response.json());
        const chat = await post("/chats", { title, memberIds: [memberId] });
        for (let index = 1; index <= 70; index += 1) {
          await post(`/chats/${chat.id}/messages`, { body: `История ${String(index).padStart(3, "0")}` });
        }
        return chat.id as string;
      },
      { memberId: managerUser.id, title: `История ${marker}` },
    );
    await manager.goto(`${baseUrl()}/chat/${chatId}`);
    await message(manager, "История 070").waitFor();
    // The newest page only, scrolled to its end.
    expect(await manager.getByTestId("chat-message").count()).toBe(50);
    expect(await message(manager, "История 070").isVisible()).toBe(true);
    const oldestLoaded = message(manager, "История 021");
    const scroller = manager.getByTestId("chat-messages");
    await scroller.evaluate((element) => {
      element.scrollTop = 0;
    });
    await message(manager, "История 001").waitFor({ state: "attached" });
    expect(await manager.getByTestId("chat-message").count()).toBe(70);
    // What was at the top stays in view: the earlier page went in above it.
    const box = await oldestLoaded.boundingBox();
    const frame = await scroller.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(frame!.y - 5);
    expect(box!.y).toBeLessThan(frame!.y + frame!.height);
    expect(await scroller.evaluate((element) => element.scrollTop)).toBeGreaterThan(200);
  });

  it("on a phone: the list, then the conversation full-screen with a way back", async () => {
    const phone = await session("a.ismailova", { width: 390, height: 844 });
    await phone.goto(`${baseUrl()}/chat`);
    const item = phone.getByTestId("chat-list-item").filter({ hasText: headUser.name });
    await item.waitFor();
    expect(await phone.getByTestId("chat-conversation").count()).toBe(0);
    await screenshot(phone, "90-chat-phone-list");
    await item.click();
    const conversation = phone.getByTestId("chat-conversation");
    await conversation.waitFor();
    await message(phone, `${marker}-m`).waitFor();
    expect(await item.isVisible()).toBe(false);
    const picture = conversation.locator("img").last();
    await picture.scrollIntoViewIfNeeded();
    await expect.poll(() => picture.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBeGreaterThan(0);
    const box = await conversation.boundingBox();
    expect(box?.width).toBeGreaterThan(380);
    await screenshot(phone, "91-chat-phone-conversation");
    await phone.getByRole("button", { name: "К списку чатов" }).click();
    await item.waitFor();
  });

  it("a dropped connection catches up on what was missed when it comes back, without a reload", async () => {
    // The manager's socket goes through a route the test can cut, as a train tunnel would.
    let online = true;
    let helloForwarded = false;
    let reloadAfterHello: Promise<unknown> | undefined;
    const sockets: WebSocketRoute[] = [];
    const context = await browser.newContext({ viewport: { width: 1366, height: 800 }, locale: "ru-RU" });
    contexts.push(context);
    await context.routeWebSocket(/\/api\/v1\/realtime/, (socket) => {
      if (!online) return socket.close({ code: 1012, reason: "offline" });
      sockets.push(socket);
      // Each page load opens its own socket and says hello anew.
      helloForwarded = false;
      reloadAfterHello = undefined;
      const server = socket.connectToServer();
      server.onMessage((frame) => {
        socket.send(frame);
        if (String(frame).includes('"hello"')) helloForwarded = true;
      });
    });
    const page = await context.newPage();
    // The first hello makes the page reload its chats (useRealtimeStart). A reload still on its way
    // when the message below is posted would fetch it: the connection must be cut after it landed.
    page.on("request", (request) => {
      if (helloForwarded && !reloadAfterHello && /\/api\/v1\/chats\/[^/]+\/messages/.test(request.url()))
        reloadAfterHello = request.response();
    });
    await logIn(page, "a.ismailova", "demo");
    await page.getByRole("button", { name: /Меню пользователя/ }).waitFor();
    await page.goto(chatUrl);
    await composer(page).waitFor();
    await expect.poll(() => sockets.length).toBeGreaterThan(0);
    await expect.poll(() => reloadAfterHello !== undefined, { timeout: 30_000 }).toBe(true);
    await reloadAfterHello;
    await page.evaluate(() => {
      (window as { notReloaded?: boolean }).notReloaded = true;
    });

    online = false;
    for (const socket of sockets.splice(0)) await socket.close({ code: 1012, reason: "offline" });
    const missed = `${marker}-пока-не-было-связи`;
    const chatId = new URL(chatUrl).pathname.split("/").pop()!;
    const posted = await head.evaluate(
      async ({ id, body }) =>
        (
          await fetch(`/api/v1/chats/${id}/messages`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ body }),
          })
        ).status,
      { id: chatId, body: missed },
    );
    expect(posted).toBe(201);
    await page.waitForTimeout(1500);
    expect(await message(page, missed).count()).toBe(0);

    online = true;
    await message(page, missed).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await screenshot(page, "92-chat-caught-up-after-reconnect");
  });
});
