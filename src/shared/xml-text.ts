/**
 * Characters XML 1.0 cannot carry, even escaped (https://www.w3.org/TR/xml/#charsets): C0 controls
 * other than tab, LF and CR; U+FFFE and U+FFFF; and lone surrogates (half of a UTF-16 pair, which no
 * encoder can write). One such character in a cell makes the whole .xlsx invalid: openpyxl refuses
 * it and LibreOffice drops every later string. Every writer of text we produce goes through here.
 */
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex
const XML_ILLEGAL_TEST = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when `text` holds a character XML 1.0 cannot carry. */
export function hasXmlIllegal(text: string): boolean {
  return XML_ILLEGAL_TEST.test(text);
}

/**
 * The XML-legal form of `text`: a lone surrogate becomes U+FFFD (what a UTF-8 encoder writes for it
 * anyway), every other illegal character is dropped. Legal text is returned as it is (same string).
 */
export function xmlLegal(text: string): string {
  if (!XML_ILLEGAL_TEST.test(text)) return text;
  return text.replace(XML_ILLEGAL, (ch) => (ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF' ? '\uFFFD' : ''));
}
