/**
 * p-quantile (percent) of an M/D/1 waiting time, seconds: the wait is zero with probability 1 − ρ;
 * given a wait, it is taken as exponential with the Pollaczek–Khinchine mean ρ·s / (2(1 − ρ)) / ρ.
 * Exact in the mean, and a good tail for the moderate loads SLOs allow.
 */
export function waitQuantile(rho: number, serviceS: number, percentile: number): number {
  const tail = 1 - percentile / 100;
  if (rho <= tail) return 0;
  const meanWait = (rho * serviceS) / (2 * (1 - rho));
  const meanIfWaiting = meanWait / rho;
  return meanIfWaiting * Math.log(rho / tail);
}
