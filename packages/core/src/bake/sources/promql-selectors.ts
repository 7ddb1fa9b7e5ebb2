/**
 * The vector selectors of a PromQL expression (`http_requests_total{code="500"}`, `up`,
 * `{job="api"}`), in order and without duplicates. A rule that returns nothing proves nothing when
 * none of its selectors matches a series (a typo in a metric name reads as "never firing"), so the
 * Prometheus source asks whether they exist. A small scanner, not a parser: it skips strings,
 * range and subquery brackets, label lists after `by`/`without`/`on`/`ignoring`/`group_*`,
 * function and aggregation names (an identifier followed by `(`), keywords and numbers.
 */
export function vectorSelectors(expr: string): string[] {
  const found: string[] = [];
  const add = (selector: string): void => {
    if (!found.includes(selector)) found.push(selector);
  };
  let i = 0;
  const skipString = (): void => {
    const quote = expr[i];
    i++;
    while (i < expr.length && expr[i] !== quote) i += expr[i] === '\\' && quote !== '`' ? 2 : 1;
    i++;
  };
  /** Index after the bracket closing the one at `i` (strings inside are skipped). */
  const closing = (open: string, close: string): number => {
    let depth = 0;
    let j = i;
    while (j < expr.length) {
      const ch = expr[j] as string;
      if (ch === '"' || ch === "'" || ch === '`') {
        const saved = i;
        i = j;
        skipString();
        j = i;
        i = saved;
        continue;
      }
      if (ch === open) depth++;
      if (ch === close && --depth === 0) return j + 1;
      j++;
    }
    return expr.length;
  };
  let labelListNext = false;
  while (i < expr.length) {
    const ch = expr[i] as string;
    if (ch === '"' || ch === "'" || ch === '`') {
      skipString();
    } else if (ch === '[') {
      i = closing('[', ']');
    } else if (ch === '#') {
      while (i < expr.length && expr[i] !== '\n') i++;
    } else if (ch === '{') {
      const end = closing('{', '}');
      add(expr.slice(i, end));
      i = end;
    } else if (/[A-Za-z_:]/.test(ch)) {
      let end = i;
      while (end < expr.length && /[A-Za-z0-9_:]/.test(expr[end] as string)) end++;
      const word = expr.slice(i, end);
      let next = end;
      while (next < expr.length && /\s/.test(expr[next] as string)) next++;
      i = end;
      if (AGGREGATIONS.has(word) && /^(by|without)\b/i.test(expr.slice(next))) continue;
      if (KEYWORDS.has(word.toLowerCase())) {
        labelListNext = LABEL_LIST_KEYWORDS.has(word.toLowerCase());
        continue;
      }
      if (expr[next] === '(') {
        if (labelListNext) {
          // `by (route)`: label names, not selectors.
          i = next;
          i = closing('(', ')');
          labelListNext = false;
        }
        continue; // a function or an aggregation
      }
      if (expr[next] === '{') {
        i = next;
        const close = closing('{', '}');
        add(`${word}${expr.slice(next, close)}`);
        i = close;
      } else {
        add(word);
      }
    } else if (ch === '(' && labelListNext) {
      i = closing('(', ')');
      labelListNext = false;
    } else if (/[0-9.]/.test(ch)) {
      // A number or a duration (`5m` after `offset`): digits, then letters.
      while (i < expr.length && /[0-9.eExXa-fA-FmshdwyInf+]/.test(expr[i] as string)) i++;
    } else {
      i++;
    }
  }
  return found;
}

/** Words of PromQL that are not metric names. */
const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
  'atan2',
  '@',
  'start',
  'end',
]);
/** Aggregation operators: `sum by (x) (...)` puts the modifier between the name and `(`. */
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
  'limitk',
  'limit_ratio',
]);
/** Keywords followed by a list of label names. */
const LABEL_LIST_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
