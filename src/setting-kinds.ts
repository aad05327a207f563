// The kinds of setting (URL, secret, whole number, switch, choice, list, path, host…): how each reads its
// text, what it says when the text is wrong, and how it describes itself in --help and the README. A row of
// SETTINGS (src/settings.ts) is one of these with its default and range filled in.
import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import { normalizeHost, urlHost } from "./net/host.js";

/** Where a value is being read: the name to put in messages (the flag when given, else the variable). */
export interface Reading {
  source: string;
  problems: string[];
  env: NodeJS.ProcessEnv;
}

/** A row of the settings table, without its variable name (the table's key). */
export interface Row<T> {
  /** What the setting is for; the allowed values and the default are shown next to it. */
  description: string;
  flag?: string;
  /** The kind's name: url, secret, integer, seconds, boolean, choice, list, path, host, hosts, origins, text… */
  kind: string;
  /** The value when the setting is unset or blank: the one place each default is written. */
  fallback: T;
  /** The default as shown in --help and the README (absent when there is none to show). */
  default?: string;
  /** The allowed values as shown in --help and the README, e.g. "0–10" or "stdio, streamable-http". */
  allowed: string;
  /**
   * Reads a value that is set (trimmed, not empty). A wrong value adds one line to `at.problems`,
   * naming `at.source` and what is allowed, and gives the fallback.
   */
  read(text: string, at: Reading): T;
  /** A whole number's range (integer and seconds settings). */
  range?: { min: number; max: number };
  /** A choice's values (choice settings). */
  choices?: readonly string[];
  /** Variables read by a library, checked at start as this one is and named by themselves in messages. */
  alsoChecks?: readonly string[];
}

interface Common {
  description: string;
  flag?: string;
}

/**
 * A URL setting's text as it may be printed: no user name or password, query string or fragment.
 * Used for every echo of a URL setting, valid or not (an unparseable value may still hold a password).
 */
export function printableUrl(value: string): string {
  let text = value.trim().split(/[?#]/)[0];
  const at = text.lastIndexOf("@");
  if (at >= 0) text = `${/^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? ""}***@${text.slice(at + 1)}`;
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * An http(s) URL with a host, and nothing that can carry a secret — no user name or password
 * (credentials go in their own setting, `secretHome`) and no query string or fragment. Trailing
 * slashes are dropped. `shownDefault` is what the README says applies when unset (found by loadConfig).
 */
export function url(options: Common & { secretHome: string; shownDefault?: string; alsoChecks?: string[] }): Row<string | undefined> {
  const where =
    options.secretHome === "PANTHER_API_TOKEN" ? "put the API token in PANTHER_API_TOKEN" : `put credentials in ${options.secretHome}`;
  return {
    ...options,
    kind: "url",
    fallback: undefined,
    default: options.shownDefault,
    allowed: "http(s) URL",
    read(text, { source, problems }) {
      const parsed = URL.canParse(text) ? new URL(text) : undefined;
      const shown = printableUrl(text);
      if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:")) {
        problems.push(`${source} must be an http(s) URL, e.g. https://api.acme.runpanther.net (got "${shown}")`);
        return undefined;
      }
      if (parsed.username || parsed.password) {
        problems.push(`${source} must not contain a user name or password (got "${shown}"): ${where}`);
        return undefined;
      }
      if (parsed.search || parsed.hash || /[?#]/.test(text)) {
        problems.push(
          `${source} must not contain a query string or fragment (got "${shown}"): URL settings are shown in config://panther and logs, so ${where}`,
        );
        return undefined;
      }
      return parsed.toString().replace(/\/+$/, "");
    },
  };
}

/**
 * A proxy URL (read by the request core's proxy agent, which is only made on the first request to
 * Panther, where a bad value would fail every call). Never echoed: it may carry the proxy's credentials.
 */
export function proxy(options: Common & { alsoChecks: string[] }): Row<void> {
  return {
    ...options,
    kind: "proxy",
    fallback: undefined,
    allowed: "http(s) URL",
    read(text, { source, problems }) {
      const parsed = URL.canParse(text) ? new URL(text) : undefined;
      if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:") || !parsed.hostname)
        problems.push(
          `${source} must be an http(s) proxy URL, e.g. http://proxy.example:3128 (the value is not shown: it may hold credentials)`,
        );
    },
  };
}

/** A token sent in an HTTP header: visible ASCII only. The value is never echoed. */
export function secret(options: Common): Row<string> {
  return {
    ...options,
    kind: "secret",
    fallback: "",
    allowed: "secret",
    read(text, { source, problems }) {
      if (!/^[\x21-\x7e]+$/.test(text))
        problems.push(`${source} contains spaces, control or non-ASCII characters, which an HTTP header cannot carry (value not shown)`);
      return text;
    },
  };
}

/** A whole number from `min` to `max`. */
export function integer(options: Common & { default: number; min: number; max: number }): Row<number> {
  const { min, max } = options;
  return {
    ...options,
    kind: "integer",
    fallback: options.default,
    default: String(options.default),
    allowed: `${min}–${max}`,
    range: { min, max },
    read(text, { source, problems }) {
      const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
      if (value >= min && value <= max) return value;
      problems.push(`${source} must be a whole number from ${min} to ${max} (got "${text.slice(0, 20)}")`);
      return options.default;
    },
  };
}

/** A whole number of seconds from `min` to `max`; the value is in milliseconds. */
export function seconds(options: Common & { default: number; min: number; max: number }): Row<number> {
  const whole = integer(options);
  return {
    ...whole,
    kind: "seconds",
    fallback: options.default * 1000,
    allowed: `${options.min}–${options.max} s`,
    read: (text, at) => whole.read(text, at) * 1000,
  };
}

const TRUE = ["true", "1", "yes"];
const FALSE = ["false", "0", "no"];

/** true or false (also 1/0, yes/no). A boolean with a flag is a switch: `--flag` alone turns it on. */
export function boolean(options: Common & { default: boolean }): Row<boolean> {
  return {
    ...options,
    kind: "boolean",
    fallback: options.default,
    default: String(options.default),
    allowed: "true, false",
    read(text, { source, problems }) {
      const value = text.toLowerCase();
      if (TRUE.includes(value)) return true;
      if (FALSE.includes(value)) return false;
      problems.push(`${source} must be true or false (got "${value.slice(0, 20)}")`);
      return options.default;
    },
  };
}

/**
 * A setting we refuse to turn on: unset or false is fine, true stops the server with `whyNot`
 * (e.g. PANTHER_ALLOW_INSECURE_INSTANCE, which mcp-panther users may carry over).
 */
export function refusedSwitch(options: Common & { whyNot: string; falseMeans: string }): Row<false> {
  return {
    ...options,
    kind: "refused switch",
    fallback: false,
    default: "false",
    allowed: "false",
    read(text, { source, problems }) {
      const value = text.toLowerCase();
      if (["true", "1", "yes", "on", "enabled"].includes(value))
        problems.push(`${source} is not supported (got "${value}"): ${options.whyNot}`);
      else if (!["false", "0", "no", "off", "disabled"].includes(value))
        problems.push(`${source} must be false or unset (got "${value.slice(0, 20)}"): ${options.falseMeans}`);
      return false;
    },
  };
}

/**
 * One of `choices` (case-insensitive). `aliases` are other spellings accepted for a choice (shown next
 * to it); `refused` are values with their own reason (e.g. a transport we do not support).
 */
export function choice<T extends string>(
  options: Common & { choices: readonly T[]; default: T; aliases?: Record<string, T>; refused?: Record<string, string> },
): Row<T> {
  const { choices, aliases = {}, refused = {} } = options;
  const spellings = (c: T) => {
    const others = Object.keys(aliases).filter((a) => aliases[a] === c);
    return others.length ? `${c} (or ${others.join(", ")})` : c;
  };
  return {
    ...options,
    kind: "choice",
    fallback: options.default,
    default: options.default,
    allowed: choices.map(spellings).join(", "),
    read(text, { source, problems }) {
      const value = text.toLowerCase();
      if (value in refused) {
        problems.push(`${source} "${value}" is not supported: ${refused[value]}`);
        return options.default;
      }
      const chosen = aliases[value] ?? value;
      if ((choices as readonly string[]).includes(chosen)) return chosen as T;
      problems.push(`${source} must be one of ${choices.join(", ")} (got "${value.slice(0, 30)}")`);
      return options.default;
    },
  };
}

function items(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A comma-separated list of names; its entries are checked against each other by loadConfig (tool selection). */
export function list(options: Common & { default?: string[] }): Row<string[]> {
  const fallback = options.default ?? [];
  return {
    ...options,
    kind: "list",
    fallback,
    default: fallback.length ? fallback.join(",") : undefined,
    allowed: "comma-separated names",
    read: (text) => {
      const names = items(text);
      return names.length ? names : fallback;
    },
  };
}

/** A name matching `pattern`; `rule` says in words what the pattern allows, `example` is one that does. */
export function name(options: Common & { pattern: RegExp; rule: string; example: string; allowed: string }): Row<string> {
  return {
    ...options,
    kind: "name",
    fallback: "",
    read(text, { source, problems }) {
      if (options.pattern.test(text)) return text;
      problems.push(`${source} must be ${options.rule} (e.g. ${options.example}; got "${text.slice(0, 30)}")`);
      return "";
    },
  };
}

/** Free text (read by a library, or shown as it is). */
export function text(options: Common & { default: string }): Row<string> {
  return { ...options, kind: "text", fallback: options.default, default: options.default, allowed: "text", read: (value) => value };
}

/**
 * A file path, made absolute: `~` and `~/…` are expanded to the home directory (HOME), a relative path
 * is taken from the working directory. The file is opened at start (run), where a failure is a config error.
 */
export function path(options: Common): Row<string | undefined> {
  return {
    ...options,
    kind: "path",
    fallback: undefined,
    allowed: "file path",
    read(text, { source, problems, env }) {
      if (/^~[^/\\]/.test(text)) {
        problems.push(`${source} may start with ~ or ~/ but not ~user (got "${text.slice(0, 60)}"): give the full path`);
        return undefined;
      }
      const home = env.HOME || env.USERPROFILE || homedir();
      const expanded = text === "~" ? home : text.startsWith("~") ? `${home}${text.slice(1)}` : text;
      return isAbsolute(expanded) ? expanded : resolve(expanded);
    },
  };
}

/** A host to listen on: a host name, IPv4, or IPv6 with or without brackets (kept without). */
export function host(options: Common & { default: string }): Row<string> {
  return {
    ...options,
    kind: "host",
    fallback: options.default,
    default: options.default,
    allowed: "host name or IP",
    read(text, { source, problems }) {
      const bare = normalizeHost(text);
      if (bare) return bare;
      const hint = /^[^:]*:\d+$|^\[.*\]:\d+$/.test(text) ? ": give the port in MCP_PORT or --port" : "";
      problems.push(
        `${source} must be a host name or IP address, e.g. 127.0.0.1, 0.0.0.0, localhost, ::1 or [::1] (got "${printableUrl(text).slice(0, 60)}")${hint}`,
      );
      return options.default;
    },
  };
}

/** Comma-separated Host header values, host or host:port (IPv6 in brackets). */
export function hosts(options: Common): Row<string[]> {
  return {
    ...options,
    kind: "hosts",
    fallback: [],
    allowed: "comma-separated host[:port]",
    read: (text, { source, problems }) =>
      items(text).map((entry) => {
        const bare = normalizeHost(entry);
        if (bare) return urlHost(bare);
        const match = /^(\[[^\]]*\]|[^:]+):(\d{1,5})$/.exec(entry);
        const found = match ? normalizeHost(match[1]) : undefined;
        if (found && match) return `${urlHost(found)}:${match[2]}`;
        problems.push(
          `${source}: "${printableUrl(entry).slice(0, 60)}" is not a host or host:port (e.g. mcp.example.com or mcp.example.com:8443)`,
        );
        return entry;
      }),
  };
}

/** Comma-separated browser Origins, scheme://host[:port] or a bare host name. */
export function origins(options: Common): Row<string[]> {
  return {
    ...options,
    kind: "origins",
    fallback: [],
    allowed: "comma-separated origins",
    read: (text, { source, problems }) =>
      items(text).map((entry) => {
        const bare = entry.includes("://") ? undefined : normalizeHost(entry);
        if (bare) return urlHost(bare);
        const parsed = entry.includes("://") && URL.canParse(entry) ? new URL(entry) : undefined;
        if (
          parsed &&
          /^https?:$/.test(parsed.protocol) &&
          !parsed.username &&
          !parsed.password &&
          !parsed.search &&
          !parsed.hash &&
          parsed.pathname === "/"
        )
          return parsed.origin;
        problems.push(
          `${source}: "${printableUrl(entry).slice(0, 60)}" is not an origin (scheme://host[:port], e.g. https://app.example.com) or a bare host name`,
        );
        return entry;
      }),
  };
}
