import type { PublicFile } from "./drive-share-public.service";

// The page a client opens from a link: plain HTML, no script (the app's CSP allows inline styles
// only), Russian, readable on a phone. Everything from the database is escaped.

const escapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => escapes[char]!);

const units = ["байт", "КБ", "МБ", "ГБ", "ТБ"];
export function formatSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 ? String(value) : value.toLocaleString("ru-RU", { maximumFractionDigits: 1 });
  return `${shown} ${units[unit]}`;
}

const style = `
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f4f5f7; color: #1f2328; }
  main { max-width: 640px; margin: 48px auto; padding: 32px; background: #fff; border-radius: 12px; box-shadow: 0 1px 4px rgba(0,0,0,.08); }
  .company { color: #57606a; font-size: 14px; margin: 0 0 16px; }
  h1 { font-size: 22px; margin: 0 0 8px; word-break: break-word; }
  .meta { color: #57606a; margin: 0 0 24px; }
  .button { display: inline-block; padding: 10px 20px; border: 0; border-radius: 8px; background: #1c7ed6; color: #fff;
    font: inherit; text-decoration: none; cursor: pointer; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { display: flex; justify-content: space-between; gap: 16px; align-items: center; padding: 10px 0; border-top: 1px solid #eaeef2; }
  li a { word-break: break-word; }
  .size { color: #57606a; white-space: nowrap; font-size: 14px; }
  .path { margin: 0 0 16px; font-size: 14px; }
  .error { color: #c92a2a; margin: 0 0 12px; }
  input[type=password] { font: inherit; padding: 8px 12px; border: 1px solid #d0d7de; border-radius: 8px; width: 100%; box-sizing: border-box; margin: 0 0 12px; }
  @media (max-width: 680px) { main { margin: 0; border-radius: 0; min-height: 100vh; box-sizing: border-box; } }
`;

function page(title: string, company: string, body: string): string {
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
${company ? `<p class="company">${escapeHtml(company)}</p>` : ""}
${body}
</main>
</body>
</html>
`;
}

const fileHref = (base: string, fileId: string) => `${base}/files/${encodeURIComponent(fileId)}`;

/** One shared file: its name, size and «Скачать». */
export function filePage(company: string, base: string, file: PublicFile): string {
  return page(
    file.name,
    company,
    `<h1>${escapeHtml(file.name)}</h1>
<p class="meta">${formatSize(file.size)}</p>
<a class="button" href="${escapeHtml(fileHref(base, file.id))}" download>Скачать</a>`,
  );
}

/** A shared folder (or one below it): the way back up, its sub-folders and its files. */
export function folderPage(
  company: string,
  base: string,
  path: { id: string; name: string }[],
  listing: { folders: { id: string; name: string }[]; files: PublicFile[] },
): string {
  const current = path.at(-1)!;
  const crumbs = path
    .slice(0, -1)
    .map((folder, index) => {
      const href = index === 0 ? base : `${base}?folder=${encodeURIComponent(folder.id)}`;
      return `<a href="${escapeHtml(href)}">${escapeHtml(folder.name)}</a> / `;
    })
    .join("");
  const folders = listing.folders.map(
    (folder) =>
      `<li><a href="${escapeHtml(`${base}?folder=${encodeURIComponent(folder.id)}`)}">📁 ${escapeHtml(folder.name)}</a></li>`,
  );
  const files = listing.files.map(
    (file) =>
      `<li><a href="${escapeHtml(fileHref(base, file.id))}" download>${escapeHtml(file.name)}</a>
<span class="size">${formatSize(file.size)}</span>
<a class="button" href="${escapeHtml(fileHref(base, file.id))}" download>Скачать</a></li>`,
  );
  const empty = folders.length + files.length === 0 ? `<p class="meta">Папка пуста</p>` : "";
  return page(
    current.name,
    company,
    `${crumbs ? `<p class="path">${crumbs}${escapeHtml(current.name)}</p>` : ""}
<h1>${escapeHtml(current.name)}</h1>
${empty}<ul>
${[...folders, ...files].join("\n")}
</ul>`,
  );
}

/** The password form; posted back to the link's own address. */
export function passwordPage(company: string, base: string, message: string | null): string {
  return page(
    "Введите пароль",
    company,
    `<h1>Файлы защищены паролем</h1>
<p class="meta">Чтобы открыть ссылку, введите пароль, который вам сообщили.</p>
${message ? `<p class="error" role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="${escapeHtml(base)}">
<input type="password" name="password" autocomplete="current-password" aria-label="Пароль" required autofocus>
<button class="button" type="submit">Открыть</button>
</form>`,
  );
}

/** Unknown, expired, revoked or used up: the client learns only that the link no longer works. */
export function closedPage(company: string): string {
  return page(
    "Ссылка недействительна",
    company,
    `<h1>Ссылка недействительна</h1>
<p class="meta">Срок действия ссылки истёк, её отозвали или она больше не существует. Попросите отправителя прислать новую.</p>`,
  );
}
