// The range of an `integer` column (32 bits on both databases): a value past it cannot be stored,
// and PostgreSQL refuses it even as a query's parameter (an error where "no such row" is meant),
// so numbers typed by people are checked against it before they reach a query.
export const MAX_INTEGER_COLUMN = 2_147_483_647
