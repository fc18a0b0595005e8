// The reference twin of src/shared/format.ts's fast paths: groupDigits, toFixedHalfUp and formatPercent
// as they were before their `split('.')` became two indexOf (duck16). A property test
// (test/unit/shared/format.test.ts) keeps the fast functions equal to these on adversarial strings.
export function groupDigits(plain: string): string {
  const neg = plain.startsWith('-');
  const body = neg ? plain.slice(1) : plain;
  const [int = '0', frac] = body.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}${grouped}${frac !== undefined ? `.${frac}` : ''}`;
}

export function toFixedHalfUp(value: string | number, dp: number): string {
  const s = typeof value === 'number' ? numberToPlain(value) : value.trim();
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const [int = '0', frac = ''] = body.split('.');
  if (frac.length <= dp) {
    const out = dp > 0 ? `${int}.${frac.padEnd(dp, '0')}` : int;
    return neg && /[1-9]/.test(out) ? `-${out}` : out;
  }
  const keep = int + frac.slice(0, dp);
  const roundUp = frac.charCodeAt(dp) >= 53; // '5'
  let digits = keep;
  if (roundUp) {
    const arr = digits.split('');
    let i = arr.length - 1;
    while (i >= 0) {
      if (arr[i] === '9') {
        arr[i] = '0';
        i--;
      } else {
        arr[i] = String(Number(arr[i]) + 1);
        break;
      }
    }
    digits = (i < 0 ? '1' : '') + arr.join('');
  }
  const intLen = digits.length - dp;
  const out = dp > 0 ? `${digits.slice(0, intLen) || '0'}.${digits.slice(intLen)}` : digits;
  const normalized = out.replace(/^0+(?=\d)/, '');
  return neg && /[1-9]/.test(normalized) ? `-${normalized}` : normalized;
}

function numberToPlain(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  return n.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

export function formatPercent(fraction: string | number, dp = 1): string {
  const plain = typeof fraction === 'number' ? numberToPlain(fraction) : fraction;
  // shift the decimal point two places right on the string
  const neg = plain.startsWith('-');
  const body = neg ? plain.slice(1) : plain;
  const [int = '0', frac = ''] = body.split('.');
  const padded = frac.padEnd(2, '0');
  const shifted = `${int}${padded.slice(0, 2)}${padded.length > 2 ? `.${padded.slice(2)}` : ''}`.replace(/^0+(?=\d)/, '');
  return `${neg ? '-' : ''}${toFixedHalfUp(shifted, dp)}%`;
}
