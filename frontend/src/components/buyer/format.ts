// How the buyer panel writes amounts and times.

/**
 * money writes an amount of cents in a currency for the locale; '' (the
 * shop's own currency) or a code the browser does not know gives a plain
 * number with two decimals and the code.
 */
export function money(cents: number, currency: string, locale: string): string {
  const amount = cents / 100
  if (currency !== '') {
    try {
      return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amount)
    } catch {
      // an unknown code: fall through
    }
  }
  const plain = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)
  return currency === '' ? plain : `${plain} ${currency}`
}

/** dateTime writes a time as a date and 24-hour time; '' for none or an unparsable one. */
export function dateTime(iso: string, locale: string): string {
  const at = Date.parse(iso)
  if (iso === '' || Number.isNaN(at)) {
    return ''
  }
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at)
}

/** The colour of an order state's tag, by how much the agent should care: late or in after-sales first. */
export function orderStatusType(status: string): 'error' | 'warning' | 'info' | 'success' | 'default' {
  switch (status) {
    case 'overdue':
    case 'after_sales':
      return 'error'
    case 'unpaid':
      return 'warning'
    case 'shipped':
      return 'info'
    case 'delivered':
      return 'success'
    default:
      return 'default'
  }
}
