// The event risk of an answer with its interval and the mobility contact adjustment:
//   interval: prevalence is linear in the ascertainment, so the ends are the same formula at the
//     low and high ascertainment (3 and 10 around the default 5; see models/ascertainment.ts);
//   contact adjustment: groupSize × f, f from the region's latest mobility change (models/
//     contactAdjustment.ts). The strength is 0 by default (no adjustment), as measured in README.
import { constantAscertainment, contactFactor, probabilityOfAnyInfected } from "../../../models/mod.ts";

export interface EventRiskDetails {
  probability: number | null;
  interval: { low: number; high: number; ascertainmentLow: number; ascertainmentHigh: number } | null;
  mobilityChange: number | null;
  contactFactor: number;
}

export interface EventRiskDetailsInput {
  prevalence: number | null;
  groupSize: number;
  ascertainment: number;
  /** Mobility change of the region (percent), when known for the answered day. */
  mobilityChange: number | null;
  contactStrength: number;
}

export function eventRiskDetails(i: EventRiskDetailsInput): EventRiskDetails {
  const f = contactFactor(i.mobilityChange, i.contactStrength);
  if (i.prevalence === null) return { probability: null, interval: null, mobilityChange: i.mobilityChange, contactFactor: f };
  const a = constantAscertainment(i.ascertainment);
  const n = i.groupSize * f;
  const at = (asc: number) => probabilityOfAnyInfected(Math.min(1, (i.prevalence! * asc) / a.point), n);
  return {
    probability: probabilityOfAnyInfected(i.prevalence, n),
    interval: { low: at(a.low), high: at(a.high), ascertainmentLow: a.low, ascertainmentHigh: a.high },
    mobilityChange: i.mobilityChange,
    contactFactor: f,
  };
}
