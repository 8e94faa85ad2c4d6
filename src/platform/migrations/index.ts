// Forward-only migrations, in order. They are plain code (not files found at run time) so the
// same list runs under tsx, from dist/, and inside tests; each receives the dialect for the
// few column types that differ (see column-types.ts).
import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'
import type { Db, Dialect } from '../db/connect.js'
import * as initialSchema from './001-initial-schema.js'
import * as seedPlans from './002-seed-plans.js'
import * as apiGovernance from './003-api-governance.js'
import * as webSessions from './004-web-sessions.js'
import * as documentLifecycle from './005-document-lifecycle.js'
import * as derivedCounters from './006-derived-counters.js'
import * as apiAuthVersion from './007-api-auth-version.js'
import * as customerPageIndex from './008-customer-page-index.js'
import * as requestLogClientClosed from './009-request-log-client-closed.js'
import * as proposalNumberCounters from './010-proposal-number-counters.js'
import * as customerSearchKeys from './011-customer-search-keys.js'
import * as productSearchKeys from './012-product-search-keys.js'
import * as catalogVersionPerStatement from './013-catalog-version-per-statement.js'
import * as proposalStatusIndex from './014-proposal-status-index.js'
import * as requestLogListingIndex from './015-request-log-listing-index.js'
import * as webhookDeliveryListingIndex from './016-webhook-delivery-listing-index.js'
import * as outboxEmailListingIndex from './017-outbox-email-listing-index.js'
import * as outboxSubjectIndexes from './018-outbox-subject-indexes.js'
import * as domainEventDocumentIndex from './019-domain-event-document-index.js'
import * as proposalSellerListing from './020-proposal-seller-listing.js'
import * as webhookEndpointPause from './021-webhook-endpoint-pause.js'
import * as trimmedCustomerCodes from './022-trimmed-customer-codes.js'
import * as requestLogLookupIndexes from './023-request-log-lookup-indexes.js'
import * as signedInMonthIndex from './024-signed-in-month-index.js'
import * as accountCompanyData from './025-account-company-data.js'
import * as passwordResets from './026-password-resets.js'
import * as accountLogos from './027-account-logos.js'
import * as passwordResetPurpose from './028-password-reset-purpose.js'
import * as automaticReminders from './029-automatic-reminders.js'
import * as fileHashIndex from './030-file-hash-index.js'
import * as proposalChangeIndex from './031-proposal-change-index.js'
import * as signerMessage from './032-signer-message.js'
import * as noticePreferences from './033-notice-preferences.js'
import * as defaultSignerMessage from './034-default-signer-message.js'
import * as customerChangeIndex from './035-customer-change-index.js'
import * as twoFactor from './036-two-factor.js'
import * as twoFactorPolicy from './037-two-factor-policy.js'
import * as securityKeys from './038-security-keys.js'
import * as sessionDevices from './039-session-devices.js'
import * as domainEventCustomer from './040-domain-event-customer.js'
import * as signerEmailCode from './041-signer-email-code.js'
import * as expiryNotices from './042-expiry-notices.js'
import * as paymentTerms from './043-payment-terms.js'
import * as copyRecipients from './044-copy-recipients.js'
import * as accountCopyTo from './045-account-copy-to.js'
import * as documentPaymentTerms from './046-document-payment-terms.js'
import * as openValidityIndex from './047-open-validity-index.js'
import * as businessDayDueDates from './048-business-day-due-dates.js'
import * as downPayment from './049-down-payment.js'
import * as discountApproval from './050-discount-approval.js'
import * as accountActivity from './051-account-activity.js'
import * as templateVersions from './052-template-versions.js'
import * as sellerDiscountLimits from './053-seller-discount-limits.js'
import * as apiTokenAccess from './054-api-token-access.js'
import * as downPaymentDueDays from './055-down-payment-due-days.js'
import * as commentIndex from './056-comment-index.js'
import * as signerOpens from './057-signer-opens.js'

type Step = { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> }

const STEPS: Record<string, Step> = {
  '001-initial-schema': initialSchema,
  '002-seed-plans': seedPlans,
  '003-api-governance': apiGovernance,
  '004-web-sessions': webSessions,
  '005-document-lifecycle': documentLifecycle,
  '006-derived-counters': derivedCounters,
  '007-api-auth-version': apiAuthVersion,
  '008-customer-page-index': customerPageIndex,
  '009-request-log-client-closed': requestLogClientClosed,
  '010-proposal-number-counters': proposalNumberCounters,
  '011-customer-search-keys': customerSearchKeys,
  '012-product-search-keys': productSearchKeys,
  '013-catalog-version-per-statement': catalogVersionPerStatement,
  '014-proposal-status-index': proposalStatusIndex,
  '015-request-log-listing-index': requestLogListingIndex,
  '016-webhook-delivery-listing-index': webhookDeliveryListingIndex,
  '017-outbox-email-listing-index': outboxEmailListingIndex,
  '018-outbox-subject-indexes': outboxSubjectIndexes,
  '019-domain-event-document-index': domainEventDocumentIndex,
  '020-proposal-seller-listing': proposalSellerListing,
  '021-webhook-endpoint-pause': webhookEndpointPause,
  '022-trimmed-customer-codes': trimmedCustomerCodes,
  '023-request-log-lookup-indexes': requestLogLookupIndexes,
  '024-signed-in-month-index': signedInMonthIndex,
  '025-account-company-data': accountCompanyData,
  '026-password-resets': passwordResets,
  '027-account-logos': accountLogos,
  '028-password-reset-purpose': passwordResetPurpose,
  '029-automatic-reminders': automaticReminders,
  '030-file-hash-index': fileHashIndex,
  '031-proposal-change-index': proposalChangeIndex,
  '032-signer-message': signerMessage,
  '033-notice-preferences': noticePreferences,
  '034-default-signer-message': defaultSignerMessage,
  '035-customer-change-index': customerChangeIndex,
  '036-two-factor': twoFactor,
  '037-two-factor-policy': twoFactorPolicy,
  '038-security-keys': securityKeys,
  '039-session-devices': sessionDevices,
  '040-domain-event-customer': domainEventCustomer,
  '041-signer-email-code': signerEmailCode,
  '042-expiry-notices': expiryNotices,
  '043-payment-terms': paymentTerms,
  '044-copy-recipients': copyRecipients,
  '045-account-copy-to': accountCopyTo,
  '046-document-payment-terms': documentPaymentTerms,
  '047-open-validity-index': openValidityIndex,
  '048-business-day-due-dates': businessDayDueDates,
  '049-down-payment': downPayment,
  '050-discount-approval': discountApproval,
  '051-account-activity': accountActivity,
  '052-template-versions': templateVersions,
  '053-seller-discount-limits': sellerDiscountLimits,
  '054-api-token-access': apiTokenAccess,
  '055-down-payment-due-days': downPaymentDueDays,
  '056-comment-index': commentIndex,
  '057-signer-opens': signerOpens,
}

/** The migrations above for Kysely's Migrator (exported for tests that stop at an earlier step). */
export class CodeMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(STEPS).map(([name, step]) => [name, { up: (db: Kysely<unknown>) => step.up(db, this.dialect) }]),
    )
  }
}

export class MigrationError extends Error {}

/** Brings the schema up to date; returns the names of the migrations applied now. */
export async function migrateToLatest(db: Db, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new CodeMigrationProvider(dialect) })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    const failed = results?.find((result) => result.status === 'Error')
    const reason = error instanceof Error ? error.message : String(error)
    // No failed step means the migrator never got to run one (e.g. the database is unreachable).
    const message = failed ? `Migration ${failed.migrationName} failed: ${reason}` : `Could not migrate the database: ${reason}`
    throw new MigrationError(message, { cause: error })
  }
  return (results ?? []).filter((result) => result.status === 'Success').map((result) => result.migrationName)
}
