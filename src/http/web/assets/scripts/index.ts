// The web app's scripts, served at /assets/<name>.js. Each is plain ES5-ish JavaScript kept in a
// module (no build step) and only enhances pages that already work without it.
import { CARRY_FIELDS_JS } from './carry-fields-js.js'
import { COPY_BUTTON_JS } from './copy-button-js.js'
import { PROPOSAL_FORM_JS } from './proposal-form-js.js'
import { SECURITY_KEY_JS } from './security-key-js.js'
import { SIGNATURE_PAD_JS } from './signature-pad-js.js'
import { SIGNER_SUGGESTIONS_JS } from './signer-suggestions-js.js'
import { TEMPLATE_EDITOR_JS } from './template-editor-js.js'
import { TOGGLE_FIELDS_JS } from './toggle-fields-js.js'

export const SCRIPTS = {
  'carry-fields': CARRY_FIELDS_JS,
  'copy-button': COPY_BUTTON_JS,
  'proposal-form': PROPOSAL_FORM_JS,
  'security-key': SECURITY_KEY_JS,
  'signature-pad': SIGNATURE_PAD_JS,
  'signer-suggestions': SIGNER_SUGGESTIONS_JS,
  'template-editor': TEMPLATE_EDITOR_JS,
  'toggle-fields': TOGGLE_FIELDS_JS,
} as const

export type ScriptName = keyof typeof SCRIPTS
