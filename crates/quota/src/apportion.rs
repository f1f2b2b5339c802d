//! Integer apportionment: split a whole number over claims in proportion to their
//! weights, within per-claim floors and ceilings, so that the parts sum exactly.

use crate::QuotaError;

/// How fractional quotas become whole persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Method {
    /// Largest remainder (Hamilton / Hare): every claim gets the whole part of its
    /// quota, the persons left go to the largest fractional parts. Always within one
    /// of the quota. Known paradox: raising the total can lower a claim's number
    /// (Alabama paradox).
    #[default]
    Hamilton,
    /// Sainte-Laguë (Webster): the divisor method with odd divisors 1, 3, 5 ... Never
    /// suffers the Alabama paradox (raising the total never lowers a claim), but can
    /// in rare cases stray more than one from the quota.
    SainteLague,
}

/// One claim on the total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// Relative size of the claim (finite, >= 0); only ratios matter.
    pub weight: f64,
    pub floor: u32,
    pub ceiling: Option<u32>,
}

/// What one claim received.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Apportioned {
    pub seats: u32,
    /// Proportional share of the total within floors and ceilings, before rounding.
    pub quota: f64,
    /// Without its floor, the proportional share would have been below it.
    pub floor_binding: bool,
    /// Without its ceiling, the proportional share would have been above it.
    pub ceiling_binding: bool,
}

/// Splits `total` over `claims` with `method`. The result has one entry per claim, in
/// order, and the seats sum to `total` exactly. Claims with weight 0 receive more than
/// their floor only when every weighted claim is at its ceiling.
///
/// Errors when a weight is negative or not finite, a floor is above its ceiling, the
/// floors sum to more than `total`, or every claim has a ceiling and they sum to less.
pub fn apportion(
    total: u32,
    claims: &[Claim],
    method: Method,
) -> Result<Vec<Apportioned>, QuotaError> {
    check_claims(total, claims)?;
    // Only ratios matter; scaling the largest weight to 1 keeps sums of huge weights
    // from overflowing.
    let largest = claims.iter().map(|c| c.weight).fold(0.0, f64::max);
    let scaled: Vec<Claim> = claims
        .iter()
        .map(|c| Claim {
            weight: if largest > 0.0 {
                c.weight / largest
            } else {
                0.0
            },
            ..*c
        })
        .collect();
    let claims = scaled.as_slice();
    let quotas = bounded_quotas(f64::from(total), claims);
    let seats = match method {
        Method::Hamilton => largest_remainders(total, claims, &quotas),
        Method::SainteLague => sainte_lague(total, claims, &quotas),
    };
    Ok(quotas
        .iter()
        .zip(seats)
        .map(|(quota, seats)| Apportioned {
            seats,
            quota: quota.value,
            floor_binding: quota.floor_binding,
            ceiling_binding: quota.ceiling_binding,
        })
        .collect())
}

fn check_claims(total: u32, claims: &[Claim]) -> Result<(), QuotaError> {
    let mut floors: u64 = 0;
    let mut ceilings: Option<u64> = Some(0);
    for (index, claim) in claims.iter().enumerate() {
        if !(claim.weight.is_finite() && claim.weight >= 0.0) {
            return Err(QuotaError::InvalidValue {
                unit: format!("claim {index}"),
                field: "weight",
                expected: "a finite number of at least 0",
                value: claim.weight.to_string(),
            });
        }
        if let Some(ceiling) = claim.ceiling {
            if claim.floor > ceiling {
                return Err(QuotaError::FloorAboveCeiling {
                    unit: format!("claim {index}"),
                    floor: claim.floor,
                    ceiling,
                });
            }
        }
        floors += u64::from(claim.floor);
        ceilings = ceilings
            .zip(claim.ceiling)
            .map(|(sum, c)| sum + u64::from(c));
    }
    let total = u64::from(total);
    if floors > total {
        return Err(QuotaError::FloorsExceedTotal { total, floors });
    }
    match ceilings {
        Some(ceilings) if ceilings < total => {
            Err(QuotaError::CeilingsBelowTotal { total, ceilings })
        }
        _ => Ok(()),
    }
}

#[derive(Debug, Clone, Copy)]
struct Quota {
    value: f64,
    floor_binding: bool,
    ceiling_binding: bool,
}

fn upper(claim: &Claim) -> f64 {
    claim.ceiling.map_or(f64::INFINITY, f64::from)
}

/// Proportional quotas within floors and ceilings: `clamp(level * weight, floor, ceiling)`
/// with the level at which they sum to `total` ("water filling").
fn bounded_quotas(total: f64, claims: &[Claim]) -> Vec<Quota> {
    if let Some(level) = water_level(total, claims) {
        return quotas_at(level, claims);
    }
    // Every weighted claim is full; the rest goes evenly to claims without weight.
    let overflow: Vec<Claim> = claims
        .iter()
        .map(|claim| match claim.ceiling {
            Some(ceiling) if claim.weight > 0.0 => Claim {
                weight: 0.0,
                floor: ceiling,
                ceiling: Some(ceiling),
            },
            _ => Claim {
                weight: 1.0,
                ..*claim
            },
        })
        .collect();
    let level = water_level(total, &overflow).unwrap_or(0.0);
    claims
        .iter()
        .zip(quotas_at(level, &overflow))
        .map(|(claim, quota)| Quota {
            ceiling_binding: claim.weight > 0.0,
            floor_binding: claim.weight == 0.0 && quota.floor_binding,
            ..quota
        })
        .collect()
}

fn quotas_at(level: f64, claims: &[Claim]) -> Vec<Quota> {
    claims
        .iter()
        .map(|claim| {
            let free = level * claim.weight;
            let (floor, ceiling) = (f64::from(claim.floor), upper(claim));
            Quota {
                value: free.max(floor).min(ceiling),
                floor_binding: free < floor,
                ceiling_binding: free > ceiling,
            }
        })
        .collect()
}

/// The level at which the clamped quotas sum to `total`, or None when the weighted
/// claims cannot take that much. The sum is piecewise linear and non-decreasing in the
/// level, with breakpoints where a claim leaves its floor or reaches its ceiling.
fn water_level(total: f64, claims: &[Claim]) -> Option<f64> {
    let mut value: f64 = claims.iter().map(|c| f64::from(c.floor)).sum();
    if total <= value {
        return Some(0.0);
    }
    let mut breakpoints: Vec<(f64, f64)> = Vec::new();
    for claim in claims.iter().filter(|c| c.weight > 0.0) {
        breakpoints.push((f64::from(claim.floor) / claim.weight, claim.weight));
        if let Some(ceiling) = claim.ceiling {
            breakpoints.push((f64::from(ceiling) / claim.weight, -claim.weight));
        }
    }
    breakpoints.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut level, mut slope) = (0.0, 0.0);
    for (at, change) in breakpoints {
        let reach = value + slope * (at - level);
        if reach >= total && slope > 0.0 {
            return Some(level + (total - value) / slope);
        }
        value = reach;
        level = at;
        slope += change;
    }
    // Past the last breakpoint only uncapped claims grow; summing them afresh avoids
    // the rounding drift of the running slope.
    let open: f64 = claims
        .iter()
        .filter(|c| c.weight > 0.0 && c.ceiling.is_none())
        .map(|c| c.weight)
        .sum();
    (open > 0.0).then(|| level + (total - value) / open)
}

fn within(value: f64, claim: &Claim) -> u32 {
    // `max` maps NaN to the floor and `as` saturates, so no float can escape the bounds.
    value.max(f64::from(claim.floor)).min(upper(claim)) as u32
}

fn seat_sum(seats: &[u32]) -> u64 {
    seats.iter().map(|&s| u64::from(s)).sum()
}

fn largest_remainders(total: u32, claims: &[Claim], quotas: &[Quota]) -> Vec<u32> {
    let mut seats: Vec<u32> = claims
        .iter()
        .zip(quotas)
        .map(|(claim, quota)| within(quota.value.floor(), claim))
        .collect();
    let remainder = |i: usize| quotas[i].value - quotas[i].value.floor();
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by(|&a, &b| remainder(b).total_cmp(&remainder(a)).then(a.cmp(&b)));
    // The quotas sum to the total up to float rounding, so normally one pass over the
    // largest remainders settles it; the loops make the exact sum hold regardless.
    let total = u64::from(total);
    while seat_sum(&seats) < total {
        let before = seat_sum(&seats);
        for &i in &order {
            if seat_sum(&seats) < total && u64::from(seats[i]) < upper_seats(&claims[i]) {
                seats[i] += 1;
            }
        }
        if seat_sum(&seats) == before {
            break;
        }
    }
    while seat_sum(&seats) > total {
        let before = seat_sum(&seats);
        for &i in order.iter().rev() {
            if seat_sum(&seats) > total && seats[i] > claims[i].floor {
                seats[i] -= 1;
            }
        }
        if seat_sum(&seats) == before {
            break;
        }
    }
    seats
}

fn upper_seats(claim: &Claim) -> u64 {
    claim.ceiling.map_or(u64::MAX, u64::from)
}

/// Sainte-Laguë within bounds: start from the quotas rounded half up (a divisor
/// rounding, so the result is already a Sainte-Laguë apportionment of its own sum),
/// then add the next seat of highest priority `weight / (2 seats + 1)` or remove the
/// last seat of lowest priority `weight / (2 seats - 1)` until the sum is the total.
/// Ties go to the earlier claim.
fn sainte_lague(total: u32, claims: &[Claim], quotas: &[Quota]) -> Vec<u32> {
    let mut seats: Vec<u32> = claims
        .iter()
        .zip(quotas)
        .map(|(claim, quota)| within((quota.value + 0.5).floor(), claim))
        .collect();
    let total = u64::from(total);
    while seat_sum(&seats) < total {
        let next = (0..claims.len())
            .filter(|&i| u64::from(seats[i]) < upper_seats(&claims[i]))
            .map(|i| (i, claims[i].weight / (2.0 * f64::from(seats[i]) + 1.0)))
            .fold(None, |best: Option<(usize, f64)>, (i, p)| match best {
                Some((_, bp)) if bp >= p => best,
                _ => Some((i, p)),
            });
        match next {
            Some((i, _)) => seats[i] += 1,
            None => break,
        }
    }
    while seat_sum(&seats) > total {
        let last = (0..claims.len())
            .filter(|&i| seats[i] > claims[i].floor)
            .map(|i| (i, claims[i].weight / (2.0 * f64::from(seats[i]) - 1.0)))
            .fold(None, |worst: Option<(usize, f64)>, (i, p)| match worst {
                Some((_, wp)) if wp < p => worst,
                _ => Some((i, p)),
            });
        match last {
            Some((i, _)) => seats[i] -= 1,
            None => break,
        }
    }
    seats
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(weight: f64) -> Claim {
        Claim {
            weight,
            floor: 0,
            ceiling: None,
        }
    }

    fn seats(total: u32, claims: &[Claim], method: Method) -> Vec<u32> {
        apportion(total, claims, method)
            .unwrap()
            .iter()
            .map(|a| a.seats)
            .collect()
    }

    #[test]
    fn hamilton_gives_leftovers_to_largest_remainders() {
        // Quotas 4.2, 3.5, 2.3 -> whole parts 4, 3, 2; one left goes to the .5.
        let claims = [claim(42.0), claim(35.0), claim(23.0)];
        assert_eq!(seats(10, &claims, Method::Hamilton), vec![4, 4, 2]);
    }

    #[test]
    fn sainte_lague_differs_from_hamilton_where_textbooks_say() {
        // Votes 53, 24, 23 for 7 seats: Hamilton 4/2/1 (quotas 3.71, 1.68, 1.61),
        // Sainte-Laguë 3/2/2 (priorities 53, 24, 23, 17.7, 10.6, 8, 7.7 ...).
        let claims = [claim(53.0), claim(24.0), claim(23.0)];
        assert_eq!(seats(7, &claims, Method::Hamilton), vec![4, 2, 1]);
        assert_eq!(seats(7, &claims, Method::SainteLague), vec![3, 2, 2]);
    }

    #[test]
    fn floors_and_ceilings_rebalance_the_rest() {
        let claims = [
            Claim {
                weight: 90.0,
                floor: 0,
                ceiling: Some(50),
            },
            Claim {
                weight: 1.0,
                floor: 20,
                ceiling: None,
            },
            claim(9.0),
        ];
        let result = apportion(100, &claims, Method::Hamilton).unwrap();
        let got: Vec<u32> = result.iter().map(|a| a.seats).collect();
        assert_eq!(got, vec![50, 20, 30]);
        assert!(result[0].ceiling_binding && !result[0].floor_binding);
        assert!(result[1].floor_binding && !result[1].ceiling_binding);
        assert!(!result[2].floor_binding && !result[2].ceiling_binding);
    }

    #[test]
    fn weightless_claims_take_only_what_the_weighted_cannot() {
        let claims = [
            Claim {
                weight: 1.0,
                floor: 0,
                ceiling: Some(3),
            },
            claim(0.0),
            claim(0.0),
        ];
        for method in [Method::Hamilton, Method::SainteLague] {
            let got = seats(9, &claims, method);
            assert_eq!(got[0], 3);
            assert_eq!(got[1] + got[2], 6);
            assert!(got[1].abs_diff(got[2]) <= 1, "{got:?}");
        }
    }

    #[test]
    fn infeasible_bounds_name_the_numbers() {
        let floors = [
            Claim {
                weight: 1.0,
                floor: 6,
                ceiling: None,
            },
            Claim {
                weight: 1.0,
                floor: 5,
                ceiling: None,
            },
        ];
        assert_eq!(
            apportion(10, &floors, Method::Hamilton).unwrap_err(),
            QuotaError::FloorsExceedTotal {
                total: 10,
                floors: 11
            }
        );
        let ceilings = [Claim {
            weight: 1.0,
            floor: 0,
            ceiling: Some(4),
        }];
        assert_eq!(
            apportion(10, &ceilings, Method::SainteLague)
                .unwrap_err()
                .to_string(),
            "ceilings sum to 4, less than the 10 to distribute"
        );
        assert!(apportion(1, &[claim(f64::NAN)], Method::Hamilton).is_err());
        assert!(apportion(1, &[claim(-1.0)], Method::Hamilton).is_err());
    }

    #[test]
    fn extreme_weights_neither_overflow_nor_escape_bounds() {
        let huge = [claim(f64::MAX), claim(f64::MAX), claim(f64::MIN_POSITIVE)];
        for method in [Method::Hamilton, Method::SainteLague] {
            assert_eq!(
                seats(u32::MAX, &huge, method)
                    .iter()
                    .map(|&s| u64::from(s))
                    .sum::<u64>(),
                u64::from(u32::MAX)
            );
            assert_eq!(seats(10, &huge, method), [5, 5, 0]);
        }
    }

    #[test]
    fn nothing_to_split_is_not_an_error() {
        assert!(apportion(0, &[], Method::Hamilton).unwrap().is_empty());
        assert_eq!(
            seats(0, &[claim(1.0), claim(2.0)], Method::SainteLague),
            [0, 0]
        );
        assert!(apportion(3, &[], Method::Hamilton).is_err());
    }
}
