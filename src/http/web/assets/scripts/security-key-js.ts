// Security keys (WebAuthn): a `<form data-webauthn="create|get" data-webauthn-options="JSON">`
// with a hidden `response` field. On submit the browser asks the key (navigator.credentials), the
// answer is written into the field as JSON (binary parts base64url) and the form is sent once, as
// any other; a refusal or time-out shows the form's `[data-webauthn-status]` message instead. The
// options come from the server (@simplewebauthn/server), which checks the answer. Elements with
// `data-webauthn-section` stay hidden, and those with `data-webauthn-unsupported` shown, unless
// the browser has WebAuthn.
export const SECURITY_KEY_JS = `
(function () {
  if (!window.PublicKeyCredential || !navigator.credentials) return
  function bytes(text) {
    var base64 = text.replace(/-/g, '+').replace(/_/g, '/')
    while (base64.length % 4) base64 += '='
    var binary = atob(base64), out = new Uint8Array(binary.length)
    for (var i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i)
    return out.buffer
  }
  function text(buffer) {
    var view = new Uint8Array(buffer), binary = ''
    for (var i = 0; i < view.length; i++) binary += String.fromCharCode(view[i])
    return btoa(binary).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '')
  }
  function descriptors(list) {
    return (list || []).map(function (item) { return { type: 'public-key', id: bytes(item.id), transports: item.transports } })
  }
  function ask(mode, options) {
    if (mode === 'create') {
      return navigator.credentials.create({ publicKey: {
        challenge: bytes(options.challenge), rp: options.rp, pubKeyCredParams: options.pubKeyCredParams, timeout: options.timeout,
        user: { id: bytes(options.user.id), name: options.user.name, displayName: options.user.displayName },
        excludeCredentials: descriptors(options.excludeCredentials), authenticatorSelection: options.authenticatorSelection,
        attestation: options.attestation, extensions: options.extensions
      } })
    }
    return navigator.credentials.get({ publicKey: {
      challenge: bytes(options.challenge), rpId: options.rpId, timeout: options.timeout,
      allowCredentials: descriptors(options.allowCredentials), userVerification: options.userVerification, extensions: options.extensions
    } })
  }
  function answer(mode, credential) {
    var response = credential.response
    var json = { id: credential.id, rawId: text(credential.rawId), type: credential.type, clientExtensionResults: credential.getClientExtensionResults(), authenticatorAttachment: credential.authenticatorAttachment || undefined }
    json.response = mode === 'create'
      ? { clientDataJSON: text(response.clientDataJSON), attestationObject: text(response.attestationObject), transports: response.getTransports ? response.getTransports() : [] }
      : { clientDataJSON: text(response.clientDataJSON), authenticatorData: text(response.authenticatorData), signature: text(response.signature), userHandle: response.userHandle ? text(response.userHandle) : undefined }
    return JSON.stringify(json)
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-webauthn-section]'), function (element) { element.hidden = false })
  Array.prototype.forEach.call(document.querySelectorAll('[data-webauthn-unsupported]'), function (element) { element.hidden = true })
  Array.prototype.forEach.call(document.querySelectorAll('form[data-webauthn]'), function (form) {
    var field = form.querySelector('input[name="response"]')
    var button = form.querySelector('button[type="submit"]')
    // One ceremony and one submission per challenge: a second click while the key is asked, or
    // after the answer went, would only be refused (the challenge is used once).
    var busy = false
    function ready() {
      busy = false
      if (field) field.value = ''
      if (button) button.disabled = false
    }
    // A page restored by the Back button keeps its state: the used answer must not be sent again.
    window.addEventListener('pageshow', function (event) { if (event.persisted) ready() })
    form.addEventListener('submit', function (event) {
      event.preventDefault()
      if (busy || !field) return
      busy = true
      if (button) button.disabled = true
      var status = form.querySelector('[data-webauthn-status]')
      if (status) status.hidden = true
      var mode = form.getAttribute('data-webauthn')
      ask(mode, JSON.parse(form.getAttribute('data-webauthn-options'))).then(function (credential) {
        field.value = answer(mode, credential)
        form.submit()
      }, function () {
        ready()
        if (status) status.hidden = false
      })
    })
  })
})()
`
