// The document form's earlier signers of the chosen customer ([data-signer-suggestions] holds the
// fragment's path, and data-exclude the draft being edited): when the customer is chosen (its
// list) or typed (its code or CPF/CNPJ, on leaving the field), and on opening a form that has one,
// the server's fragment of buttons (pages/signer-suggestions.tsx) replaces the container's
// content. A button fills the first signer row with neither name nor e-mail, or a new row through
// the group's "Adicionar" (the e-mail code only on a digital document; a role deactivated since
// stays to be chosen); a person already in a row is only focused. Only the latest answer is shown
// when the customer changes quickly; a redirect (the session ended: the login page) shows nothing.
export const SIGNER_SUGGESTIONS_JS = `
(function () {
  var form = document.querySelector('[data-proposal-form]')
  var box = form && form.querySelector('[data-signer-suggestions]')
  if (!box) return
  var customer = form.querySelector('select[name="customer_id"], input[name="customer_ref"]')
  if (!customer) return
  var asked = 0

  function load() {
    var value = customer.value.trim()
    var ask = ++asked
    if (value === '') {
      box.innerHTML = ''
      return
    }
    var exclude = box.getAttribute('data-exclude')
    var query = customer.name + '=' + encodeURIComponent(value) + (exclude ? '&exclude=' + encodeURIComponent(exclude) : '')
    fetch(box.getAttribute('data-signer-suggestions') + '?' + query, { credentials: 'same-origin', redirect: 'error', headers: { accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : '' })
      .then(function (html) { if (ask === asked) box.innerHTML = html }, function () { if (ask === asked) box.innerHTML = '' })
  }

  function field(row, name) {
    return row.querySelector('[name$="[' + name + ']"]')
  }
  function rows() {
    return form.querySelectorAll('[data-rows="signers"] [data-row]')
  }
  function isBlank(row) {
    return field(row, 'name').value.trim() === '' && field(row, 'email').value.trim() === ''
  }

  function fill(button) {
    var email = button.getAttribute('data-email')
    var all = rows()
    for (var i = 0; i < all.length; i++) {
      if (field(all[i], 'email').value.trim().toLowerCase() === email.toLowerCase()) {
        field(all[i], 'name').focus()
        return
      }
    }
    var row = null
    for (var j = 0; j < all.length && !row; j++) if (isBlank(all[j])) row = all[j]
    if (!row) {
      var add = form.querySelector('[data-add-row="signers"]')
      if (add) add.click()
      all = rows()
      row = all.length > 0 && isBlank(all[all.length - 1]) ? all[all.length - 1] : null
    }
    if (!row) return
    field(row, 'name').value = button.getAttribute('data-name')
    field(row, 'email').value = email
    field(row, 'cpf').value = button.getAttribute('data-cpf')
    field(row, 'phone').value = button.getAttribute('data-phone')
    var role = field(row, 'role_id')
    var roleId = button.getAttribute('data-role-id')
    if (role && roleId && role.querySelector('option[value="' + roleId + '"]')) role.value = roleId
    // A code applies to a digital document only (a paper one has no signing page): ticked on paper,
    // the form would come back refused.
    var code = field(row, 'email_code')
    var signature = form.querySelector('[name="signature_type"]')
    if (code) code.checked = button.getAttribute('data-email-code') === '1' && (!signature || signature.value === 'digital')
    field(row, 'name').focus()
  }

  box.addEventListener('click', function (event) {
    var button = event.target instanceof Element ? event.target.closest('[data-signer-suggestion]') : null
    if (button) fill(button)
  })
  customer.addEventListener('change', load)
  if (customer.value.trim() !== '') load()
})()
`
