import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DatabaseHandle, rows } from "../../platform/db/database";
import { openTestDatabase } from "../../testing/test-database";
import { loadSchemes } from "../bonuses/bonus-scheme.service";
import { loadOrgTree, schemeFor } from "../bonuses/bonus-targets";
import { seedDemoCompanyIfEmpty } from "./demo-company";

describe("demo groups", () => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await openTestDatabase();
    await seedDemoCompanyIfEmpty(handle, { withCrm: false });
  }, 120_000);
  afterAll(async () => {
    await handle?.close();
  });

  it("gives the demo company groups with owners, members, chats of the same people and tasks", async () => {
    const groups = await rows<{
      name: string;
      visibility: string;
      owners: number;
      members: string[];
      chatMembers: string[];
      tasks: number;
    }>(
      handle.db,
      sql`select g.name, g.visibility,
            (select count(*)::int from group_members m where m.group_id = g.id and m.role = 'owner') as owners,
            (select array_agg(m.user_id::text order by m.user_id) from group_members m where m.group_id = g.id) as members,
            (select array_agg(c.user_id::text order by c.user_id) from chat_members c where c.chat_id = g.chat_id)
              as "chatMembers",
            (select count(*)::int from tasks t where t.group_id = g.id) as tasks
          from groups g order by g.name`,
    );
    expect(groups.map((group) => group.visibility).sort()).toEqual(["closed", "open", "open"]);
    for (const group of groups) {
      expect(group.owners, group.name).toBe(1);
      expect(group.members.length, group.name).toBeGreaterThanOrEqual(3);
      expect(group.chatMembers, group.name).toEqual(group.members);
      expect(group.tasks, group.name).toBeGreaterThanOrEqual(2);
    }
    // Every group task is done by a member of its group.
    const [strays] = await rows<{ count: number }>(
      handle.db,
      sql`select count(*)::int as count from tasks t where t.group_id is not null and not exists (
            select 1 from group_members m where m.group_id = t.group_id and m.user_id = t.assignee_id)`,
    );
    expect(strays!.count).toBe(0);
  });

  it("gives the demo company bonus schemes every manager and head falls under", async () => {
    const tree = await loadOrgTree(handle.db);
    const schemes = await loadSchemes(handle.db);
    for (const kind of ["month", "quarter"]) {
      const ofKind = schemes.filter((scheme) => scheme.period === kind);
      for (const person of tree.users.values()) {
        if (person.role !== "manager" && !(person.role === "head" && kind === "quarter")) continue;
        expect(schemeFor(ofKind, person, tree)?.name, `${person.name} ${kind}`).toBeTruthy();
      }
    }
  });

  it("gives the demo company a feed: the director's pinned announcement to all, the Almaty head's note to Almaty", async () => {
    const posts = await rows<{ role: string; toCompany: boolean; pinned: boolean; units: string[] }>(
      handle.db,
      sql`select u.role, p.to_company as "toCompany", p.pinned,
            coalesce((select array_agg(un.name) from feed_post_audience a join units un on un.id = a.subject_id
                      where a.post_id = p.id and a.subject_type = 'unit'), '{}') as units
          from feed_posts p join users u on u.id = p.author_id order by p.created_at, p.id`,
    );
    expect(posts).toEqual([
      { role: "top", toCompany: true, pinned: true, units: [] },
      { role: "head", toCompany: false, pinned: false, units: ["Алматы"] },
    ]);
  });

  it("gives the demo company a sales book: welding equipment and working in Planerka, with the facts the course asks", async () => {
    const articles = await rows<{ section: string; title: string; text: string }>(
      handle.db,
      sql`select s.title as section, a.title, a.body_text as text
          from sales_book_articles a join sales_book_sections s on s.id = a.section_id
          where a.deleted_at is null and s.deleted_at is null order by s.position, a.position`,
    );
    const sections = [...new Set(articles.map((article) => article.section))];
    expect(sections).toEqual(["Сварочное оборудование", "Работа в Планёрке"]);
    const welding = articles.filter((article) => article.section === "Сварочное оборудование");
    expect(welding.length).toBeGreaterThanOrEqual(4);
    const text = welding.map((article) => article.text).join(" ");
    expect(text).toContain("ПВ 60 % при 200 А — из каждых 10 минут");
    expect(text).toContain("Для тонкой нержавеющей стали выбирают TIG");
    expect(text).toContain("MIG/MAG всегда требует защитного газа");
    expect(text).toContain("Инвертор намного легче");
  });

  it("gives the demo company a starter course for every manager and a welding check attested in Almaty", async () => {
    const courses = await rows<{
      title: string;
      published: boolean;
      onboarding: boolean;
      questions: number;
      keyed: number;
    }>(
      handle.db,
      sql`select c.title, c.published, c.onboarding,
            (select count(*)::int from course_questions q where q.course_id = c.id) as questions,
            (select count(*)::int from course_questions q where q.course_id = c.id
              and exists (select 1 from course_question_options o where o.question_id = q.id and o.correct)) as keyed
          from courses c order by c.created_at, c.title`,
    );
    expect(courses).toEqual([
      { title: "Как работать в Планёрке", published: true, onboarding: true, questions: 6, keyed: 6 },
      { title: "Сварочное оборудование: проверка знаний", published: true, onboarding: false, questions: 6, keyed: 6 },
    ]);
    const [managers] = await rows<{ assigned: number }>(
      handle.db,
      sql`select count(*)::int as assigned from course_assignments where subject_type = 'role' and role = 'manager'`,
    );
    expect(managers!.assigned).toBe(1);
    const [attested] = await rows<{ people: number; unit: string }>(
      handle.db,
      sql`select (select count(*)::int from attestation_people p where p.attestation_id = t.id) as people, u.name as unit
          from attestations t join units u on u.id = t.unit_id`,
    );
    expect(attested!.unit).toBe("Алматы");
    expect(attested!.people).toBeGreaterThan(3);
  });
});
