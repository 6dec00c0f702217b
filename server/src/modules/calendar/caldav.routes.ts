import type { FastifyReply, FastifyRequest } from "fastify";
import type { Actor } from "../../platform/auth/authenticate";
import { authenticateAppPassword } from "../../platform/auth/authenticate";
import type { Database } from "../../platform/db/database";
import { AppError } from "../../platform/errors/problem";
import type { ApiApp, ModuleDeps } from "../../platform/http/api-app";
import {
  type CalendarResource,
  calendarResources,
  changesSinceOrThrow,
  deleteResourceOrThrow,
  putResourceOrThrow,
  syncTokenOf,
} from "./caldav.service";
import {
  child,
  descendants,
  escapeXml,
  multistatus,
  ns,
  type PropertyValues,
  parseXmlOrThrow,
  qualified,
  type ResourceAnswer,
  requestedProperties,
  type XmlNode,
} from "./caldav-xml";
import { latestChangeSeq } from "./calendar-sync.queries";

/**
 * CalDAV for phones (iPhone's Calendar, DAVx5): `/.well-known/caldav` → `/dav/`, the principal
 * `/dav/principals/<user>/`, the home `/dav/calendars/<user>/` and one calendar in it,
 * `/dav/calendars/<user>/planerka/`, whose resources are the person's events. Phones sign in with
 * the login and an app password (HTTP Basic); another person's paths answer 404.
 */

const davRoot = "/dav/";
const principalOf = (userId: string) => `/dav/principals/${userId}/`;
const homeOf = (userId: string) => `/dav/calendars/${userId}/`;
const calendarOf = (userId: string) => `/dav/calendars/${userId}/planerka/`;
/** A calendar resource may be as large as an event may: 1 MiB. */
const resourceLimit = 1024 * 1024;
const davMethods = ["OPTIONS", "PROPFIND", "PROPPATCH", "REPORT", "GET", "PUT", "DELETE"];

const p = (namespace: string, local: string) => qualified(namespace, local);
const href = (path: string) => `<d:href>${escapeXml(path)}</d:href>`;

/** An answer in DAV's own terms; thrown when a check ends the request early (a 401). */
class DavAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body = "",
    readonly headers: Record<string, string> = {},
  ) {
    super(`DAV ${status}`);
  }
}

async function davActorOrThrow(db: Database, request: FastifyRequest): Promise<Actor> {
  const header = request.headers.authorization ?? "";
  const unauthorized = new DavAnswer(401, "", { "WWW-Authenticate": 'Basic realm="Planerka", charset="UTF-8"' });
  if (!header.startsWith("Basic ")) throw unauthorized;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw unauthorized;
  const actor = await authenticateAppPassword(db, decoded.slice(0, colon), decoded.slice(colon + 1));
  if (!actor) throw unauthorized;
  return actor;
}

function principalProperties(actor: Actor): PropertyValues {
  return {
    [p(ns.dav, "resourcetype")]: "<d:principal/>",
    [p(ns.dav, "displayname")]: escapeXml(actor.user.name),
    [p(ns.dav, "current-user-principal")]: href(principalOf(actor.user.id)),
    [p(ns.dav, "principal-URL")]: href(principalOf(actor.user.id)),
    [p(ns.caldav, "calendar-home-set")]: href(homeOf(actor.user.id)),
    [p(ns.caldav, "calendar-user-address-set")]: href(`mailto:${actor.user.login}`),
  };
}

const privileges =
  "<d:privilege><d:read/></d:privilege><d:privilege><d:write/></d:privilege><d:privilege><d:write-content/></d:privilege><d:privilege><d:bind/></d:privilege><d:privilege><d:unbind/></d:privilege>";

async function calendarProperties(db: Database, actor: Actor): Promise<PropertyValues> {
  const token = syncTokenOf(await latestChangeSeq(db, actor.user.id));
  return {
    [p(ns.dav, "resourcetype")]: "<d:collection/><c:calendar/>",
    [p(ns.dav, "displayname")]: "Planerka",
    [p(ns.dav, "current-user-principal")]: href(principalOf(actor.user.id)),
    [p(ns.dav, "owner")]: href(principalOf(actor.user.id)),
    [p(ns.dav, "current-user-privilege-set")]: privileges,
    [p(ns.dav, "supported-report-set")]: ["calendar-query", "calendar-multiget", "sync-collection"]
      .map(
        (report) =>
          `<d:supported-report><d:report><${report === "sync-collection" ? "d" : "c"}:${report}/></d:report></d:supported-report>`,
      )
      .join(""),
    [p(ns.caldav, "supported-calendar-component-set")]: '<c:comp name="VEVENT"/>',
    [p(ns.caldav, "max-resource-size")]: String(resourceLimit),
    [p(ns.dav, "sync-token")]: escapeXml(token),
    [p(ns.calendarServer, "getctag")]: escapeXml(token),
    [p(ns.apple, "calendar-color")]: "#2563EBFF",
  };
}

function resourceProperties(resource: CalendarResource, withData: boolean): PropertyValues {
  return {
    [p(ns.dav, "resourcetype")]: "",
    [p(ns.dav, "getetag")]: escapeXml(resource.etag),
    [p(ns.dav, "getcontenttype")]: "text/calendar; charset=utf-8; component=vevent",
    ...(withData ? { [p(ns.caldav, "calendar-data")]: escapeXml(resource.text) } : {}),
  };
}

const multi = (body: string) => new DavAnswer(207, body, { "Content-Type": "application/xml; charset=utf-8" });

async function propfind(db: Database, actor: Actor, path: string, depth: string, body: XmlNode | null) {
  const requested = requestedProperties(body);
  const answer = (target: string, properties: PropertyValues): ResourceAnswer => ({
    href: target,
    properties,
    requested,
  });
  const user = actor.user.id;
  if (path === davRoot || path === principalOf(user))
    return multi(multistatus([answer(path, principalProperties(actor))]));
  if (path === homeOf(user)) {
    const answers = [
      answer(path, {
        [p(ns.dav, "resourcetype")]: "<d:collection/>",
        [p(ns.dav, "current-user-principal")]: href(principalOf(user)),
      }),
    ];
    if (depth !== "0") answers.push(answer(calendarOf(user), await calendarProperties(db, actor)));
    return multi(multistatus(answers));
  }
  if (path === calendarOf(user)) {
    const answers = [answer(path, await calendarProperties(db, actor))];
    if (depth !== "0") {
      for (const resource of await calendarResources(db, actor))
        answers.push(answer(`${path}${resource.name}`, resourceProperties(resource, false)));
    }
    return multi(multistatus(answers));
  }
  const name = resourceName(path, user);
  if (name) {
    const [resource] = await calendarResources(db, actor, { davNames: [name] });
    if (!resource) return new DavAnswer(404);
    return multi(multistatus([answer(path, resourceProperties(resource, false))]));
  }
  return new DavAnswer(404);
}

/** The resource name under the caller's own calendar, or null for any other path. */
function resourceName(path: string, userId: string): string | null {
  const base = calendarOf(userId);
  if (!path.startsWith(base)) return null;
  const name = decodeURIComponent(path.slice(base.length));
  return /^[^/]{1,200}$/.test(name) ? name : null;
}

function timeRangeOf(body: XmlNode | null) {
  const range = descendants(body, p(ns.caldav, "time-range"))[0];
  if (!range) return {};
  const read = (value: string | undefined) => {
    if (!value) return undefined;
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!match)
      throw new AppError(
        400,
        "Bad Request",
        `time-range: expected a UTC time such as 20270101T000000Z, not ${value.slice(0, 40)}`,
      );
    return new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  };
  return { from: read(range.attributes.start), to: read(range.attributes.end) };
}

async function report(db: Database, actor: Actor, path: string, body: XmlNode | null) {
  if (path !== calendarOf(actor.user.id) || !body) return new DavAnswer(404);
  const requested = requestedProperties(body);
  const withData = requested === null || requested.includes(p(ns.caldav, "calendar-data"));
  const answerOf = (resource: CalendarResource): ResourceAnswer => ({
    href: `${path}${resource.name}`,
    properties: resourceProperties(resource, withData),
    requested,
  });
  if (body.name === p(ns.caldav, "calendar-query")) {
    const resources = await calendarResources(db, actor, timeRangeOf(body));
    return multi(multistatus(resources.map(answerOf)));
  }
  if (body.name === p(ns.caldav, "calendar-multiget")) {
    const wanted = body.children
      .filter((node) => node.name === p(ns.dav, "href"))
      .map((node) => decodeURIComponent(new URL(node.text.trim(), "http://dav").pathname));
    const names = wanted.map((target) => resourceName(target, actor.user.id)).filter((name) => name !== null);
    const found = new Map(
      (await calendarResources(db, actor, { davNames: names })).map((resource) => [
        `${path}${resource.name}`,
        resource,
      ]),
    );
    return multi(
      multistatus(
        wanted.map((target) => {
          const resource = found.get(target);
          return resource ? answerOf(resource) : { href: target, properties: null };
        }),
      ),
    );
  }
  if (body.name === p(ns.dav, "sync-collection")) {
    const token = child(body, p(ns.dav, "sync-token"))?.text.trim() || null;
    try {
      const { latest, present, gone } = await changesSinceOrThrow(db, actor, token);
      const answers = [...present.map(answerOf), ...gone.map((name) => ({ href: `${path}${name}`, properties: null }))];
      return multi(multistatus(answers, syncTokenOf(latest)));
    } catch (error) {
      if (error instanceof AppError && error.detail === "valid-sync-token")
        return new DavAnswer(
          403,
          '<?xml version="1.0" encoding="utf-8"?>\n<d:error xmlns:d="DAV:"><d:valid-sync-token/></d:error>',
          {
            "Content-Type": "application/xml; charset=utf-8",
          },
        );
      throw error;
    }
  }
  return new DavAnswer(400, "", {});
}

export function caldavRoutes(app: ApiApp, { db }: ModuleDeps) {
  for (const method of ["PROPFIND", "PROPPATCH", "REPORT"]) {
    if (!app.supportedMethods.includes(method)) app.addHttpMethod(method, { hasBody: true });
  }
  // DAV is not part of the JSON API: it stays out of the OpenAPI document (README describes it).
  // Phones start discovery with GET or PROPFIND (RFC 6764): every method is sent on to the root.
  app.route({
    method: ["GET", "PROPFIND", "OPTIONS"],
    url: "/.well-known/caldav",
    schema: { hide: true },
    handler: async (_request, reply) => reply.redirect(davRoot, 301),
  });
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "string", bodyLimit: resourceLimit }, (_request, body, done) =>
      done(null, body),
    );
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      reply.header("DAV", "1, 3, calendar-access");
      try {
        if (request.method === "OPTIONS") {
          reply.header("Allow", davMethods.join(", "));
          return reply.status(200).send("");
        }
        const actor = await davActorOrThrow(db, request);
        const path = decodeURI(new URL(request.url, "http://dav").pathname);
        const body = typeof request.body === "string" ? request.body : "";
        const answer = await answerOrThrow(request, actor, path, body);
        reply.headers(answer.headers);
        return reply.status(answer.status).send(answer.body);
      } catch (error) {
        if (error instanceof DavAnswer) {
          reply.headers(error.headers);
          return reply.status(error.status).send(error.body);
        }
        if (error instanceof AppError) {
          return reply
            .status(error.status)
            .type("text/plain; charset=utf-8")
            .send(error.detail ?? error.title);
        }
        throw error;
      }
    };
    const answerOrThrow = async (request: FastifyRequest, actor: Actor, path: string, body: string) => {
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === "string" ? value : undefined;
      };
      switch (request.method) {
        case "PROPFIND":
          return propfind(db, actor, path, header("depth") ?? "1", parseXmlOrThrow(body));
        case "PROPPATCH":
          // Phones try to set a colour or an order; the calendar keeps its own, and says so per property.
          return new DavAnswer(403);
        case "REPORT":
          return report(db, actor, path, parseXmlOrThrow(body));
      }
      const name = resourceName(path, actor.user.id);
      if (!name) return new DavAnswer(404);
      if (request.method === "GET" || request.method === "HEAD") {
        const [resource] = await calendarResources(db, actor, { davNames: [name] });
        if (!resource) return new DavAnswer(404);
        return new DavAnswer(200, request.method === "HEAD" ? "" : resource.text, {
          "Content-Type": "text/calendar; charset=utf-8",
          ETag: resource.etag,
        });
      }
      if (request.method === "PUT") {
        const type = header("content-type") ?? "";
        if (!/^text\/calendar\b/i.test(type))
          return new DavAnswer(415, "Expected Content-Type: text/calendar", {
            "Content-Type": "text/plain; charset=utf-8",
          });
        const stored = await putResourceOrThrow(db, actor, name, body, {
          ifMatch: header("if-match"),
          ifNoneMatch: header("if-none-match"),
        });
        return new DavAnswer(stored.created ? 201 : 204, "", { ETag: stored.etag });
      }
      if (request.method === "DELETE") {
        const deleted = await deleteResourceOrThrow(db, actor, name, header("if-match"));
        return new DavAnswer(deleted ? 204 : 404);
      }
      return new DavAnswer(405, "", { Allow: davMethods.join(", ") });
    };
    for (const url of ["/dav", "/dav/*"]) {
      scope.route({ method: davMethods, url, schema: { hide: true }, handler: handle });
    }
  });
}
