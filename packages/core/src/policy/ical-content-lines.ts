/** One property of an iCalendar component (RFC 5545 3.1), with the line it starts on. */
export interface IcalProperty {
  /** Upper-cased name (`DTSTART`). */
  name: string;
  /** Upper-cased parameter names to their raw values, quotes removed (`TZID` → `Europe/Berlin`). */
  params: Map<string, string>;
  value: string;
  line: number;
}

/** A component (`VEVENT`, `VTIMEZONE` ...) with its properties, sub-components and line span. */
export interface IcalComponent {
  name: string;
  line: number;
  endLine: number;
  properties: IcalProperty[];
  components: IcalComponent[];
}

/** A syntax problem at a line of an iCalendar file. */
export class IcalLineError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'IcalLineError';
  }
}

/**
 * Splits iCalendar text into components, keeping line numbers so that every refusal can name
 * the line. Unfolds continuation lines (a leading space or tab), accepts CRLF or LF, and
 * returns every top-level `VCALENDAR` (a file may hold several).
 */
export function parseIcalComponents(text: string): IcalComponent[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const roots: IcalComponent[] = [];
  const stack: IcalComponent[] = [];
  let index = 0;
  while (index < physical.length) {
    const line = index + 1;
    let content = physical[index] as string;
    index++;
    while (index < physical.length && /^[ \t]/.test(physical[index] as string)) {
      content += (physical[index] as string).slice(1);
      index++;
    }
    if (content.trim() === '') continue;
    const property = parseContentLine(content, line);
    if (property.name === 'BEGIN') {
      const name = property.value.trim().toUpperCase();
      if (stack.length === 0 && name !== 'VCALENDAR') {
        throw new IcalLineError(line, `expected BEGIN:VCALENDAR, found ${name}`);
      }
      const component: IcalComponent = { name, line, endLine: line, properties: [], components: [] };
      stack.at(-1)?.components.push(component);
      stack.push(component);
    } else if (property.name === 'END') {
      const name = property.value.trim().toUpperCase();
      const open = stack.pop();
      if (!open || open.name !== name) {
        throw new IcalLineError(
          line,
          `END:${name} does not close ${open ? `BEGIN:${open.name}` : 'anything'}`,
        );
      }
      open.endLine = line;
      if (stack.length === 0) roots.push(open);
    } else {
      const open = stack.at(-1);
      if (!open) throw new IcalLineError(line, 'a property outside BEGIN:VCALENDAR ... END:VCALENDAR');
      open.properties.push(property);
    }
  }
  const unclosed = stack.at(-1);
  if (unclosed) throw new IcalLineError(unclosed.line, `BEGIN:${unclosed.name} is never closed`);
  if (roots.length === 0) throw new IcalLineError(1, 'no BEGIN:VCALENDAR');
  return roots;
}

/** `NAME;PARAM=value;PARAM="quoted:value":VALUE` (RFC 5545 3.1), colons inside quotes kept. */
function parseContentLine(content: string, line: number): IcalProperty {
  const params = new Map<string, string>();
  const nameMatch = /^[A-Za-z0-9-]+/.exec(content);
  if (!nameMatch) throw new IcalLineError(line, 'not a content line (NAME:VALUE)');
  const name = nameMatch[0].toUpperCase();
  let at = nameMatch[0].length;
  while (content[at] === ';') {
    const param = /^;([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)((?:,(?:"[^"]*"|[^";:,]*))*)/.exec(content.slice(at));
    if (!param) throw new IcalLineError(line, `${name}: a parameter is not NAME=value`);
    params.set((param[1] as string).toUpperCase(), `${param[2]}${param[3] ?? ''}`.replace(/"/g, ''));
    at += param[0].length;
  }
  if (content[at] !== ':') throw new IcalLineError(line, `${name}: no \`:\` before the value`);
  return { name, params, value: content.slice(at + 1), line };
}

/** A TEXT value with its escapes (`\\,` `\\;` `\\n` `\\\\`) resolved (RFC 5545 3.3.11). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
