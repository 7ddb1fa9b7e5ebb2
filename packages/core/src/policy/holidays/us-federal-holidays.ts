import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';

/**
 * The one way date-holidays' `US` data differs from the federal list (5 U.S.C. 6103, with OPM's
 * rule that a holiday on a Saturday is observed the Friday before and one on a Sunday the Monday
 * after): it types Veterans Day's weekend substitute `bank`, so by default it would not deny,
 * although federal offices close that day as for every other holiday (2028-11-10, 2029-11-12).
 */
const VETERANS_DAY_SUBSTITUTE =
  'substitutes 11-11 if sunday then next monday if saturday then previous friday';

/** Makes the `US` calendar's `public` days the federal holidays and their observed days. */
export function applyUsFederalList(calendar: Holidays): void {
  // The typings declare getRule's result as a bare class; at run time it is the rule's options.
  const rule = calendar.getRule(VETERANS_DAY_SUBSTITUTE) as unknown as HolidaysTypes.HolidayRule | undefined;
  if (rule?.type === 'bank') calendar.setHoliday(VETERANS_DAY_SUBSTITUTE, { ...rule, type: 'public' });
}
