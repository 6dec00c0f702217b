import { describe, expect, it } from "vitest";
import { plainTextToHtml, richTextOf, richTextToPlain, sanitizeRichText } from "./rich-text";

describe("rich text", () => {
  it("keeps the editor's formatting", () => {
    const html =
      "<h2>План</h2><p><strong>Жирный</strong>, <em>курсив</em>, <u>подчёркнутый</u>, <s>зачёркнутый</s>, <code>код</code></p>" +
      "<ul><li>один</li></ul><ol><li>два</li></ol><blockquote>цитата</blockquote><pre>x = 1</pre><h3>Итог</h3><p>a<br />b</p>";
    expect(sanitizeRichText(html)).toBe(html);
  });

  it("removes script, handlers, styles, frames, images and unknown tags, keeping their text where it is text", () => {
    const dirty =
      '<p style="color:red" onclick="x()">Привет<script>alert(1)</script><img src=x onerror=alert(1)>' +
      '<iframe src="https://evil.example"></iframe><svg><script>alert(2)</script></svg><!-- комментарий --></p>' +
      '<h1>Заголовок</h1><div class="x">блок</div><style>p { display: none }</style><object data="x"></object>';
    expect(sanitizeRichText(dirty)).toBe("<p>Привет</p>Заголовокблок");
  });

  it("allows only absolute http, https and mailto links, opened without an opener", () => {
    const cases: [string, string][] = [
      [
        '<a href="https://kaspi.kz/a?b=1&amp;c=2" target="_self" rel="opener" title="t">ok</a>',
        '<a href="https://kaspi.kz/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">ok</a>',
      ],
      [
        '<a href="mailto:sales@planerka.kz">почта</a>',
        '<a href="mailto:sales@planerka.kz" rel="noopener noreferrer" target="_blank">почта</a>',
      ],
      ['<a href="javascript:alert(1)">a</a>', "a"],
      ['<a href="JaVaScRiPt:alert(1)">b</a>', "b"],
      ['<a href="jav&#x09;ascript:alert(1)">c</a>', "c"],
      ['<a href="data:text/html;base64,PHNjcmlwdD4=">d</a>', "d"],
      ['<a href="//evil.example">e</a>', "e"],
      ['<a href="/tasks/1">f</a>', "f"],
      ["<a>g</a>", "g"],
    ];
    for (const [input, output] of cases) expect(sanitizeRichText(input), input).toBe(output);
  });

  it("keeps a span only as a mention of a user id", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(sanitizeRichText(`<span data-mention-id="${id.toUpperCase()}" class="m" style="x">@Аня</span>`)).toBe(
      `<span data-mention-id="${id}">@Аня</span>`,
    );
    expect(sanitizeRichText('<span data-mention-id="1 onmouseover=alert(1)">@x</span><span>y</span>')).toBe("@xy");
  });

  it("turns plain text into escaped paragraphs, and tells plain text from HTML", () => {
    expect(plainTextToHtml('a < b & "c"\nстрока\n\n\nабзац ')).toBe(
      "<p>a &lt; b &amp; &quot;c&quot;<br />строка</p><p>абзац</p>",
    );
    expect(plainTextToHtml("   ")).toBe("");
    expect(richTextOf("2 < 3 and 5 > 4")).toBe("<p>2 &lt; 3 and 5 &gt; 4</p>");
    expect(richTextOf("<p>x</p><script>y</script>")).toBe("<p>x</p>");
    expect(richTextToPlain("<p>Один &amp; <b>два</b></p><p>три</p>")).toBe("Один & два три");
  });
});
