// A form marked `data-carry-from="<id of another form>"` sends, along with its own fields, the
// other form's fields as they are when it is submitted (the signing page's request for an e-mail
// code carries what the signer typed in the signature's form, so the page comes back with it).
// The hidden copies the server rendered (`data-carried`, the values it last saw) are replaced;
// without JavaScript they are what is carried. The other form's CSRF token and the fields the
// form names in `data-carry-skip` (space-separated) stay behind.
export const CARRY_FIELDS_JS = `
(function () {
  function carry(form) {
    var source = document.getElementById(form.getAttribute('data-carry-from'))
    if (!source) return
    var skip = ('_csrf ' + (form.getAttribute('data-carry-skip') || '')).split(' ')
    var old = form.querySelectorAll('input[data-carried]')
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i])
    var fields = source.elements
    for (var j = 0; j < fields.length; j++) {
      var field = fields[j]
      if (!field.name || field.disabled || skip.indexOf(field.name) !== -1) continue
      if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) continue
      if (field.type === 'submit' || field.type === 'button' || field.type === 'file') continue
      var copy = document.createElement('input')
      copy.type = 'hidden'
      copy.name = field.name
      copy.value = field.value
      copy.setAttribute('data-carried', '')
      form.appendChild(copy)
    }
  }
  var forms = document.querySelectorAll('form[data-carry-from]')
  for (var k = 0; k < forms.length; k++) {
    forms[k].addEventListener('submit', function (event) { carry(event.currentTarget) })
  }
})()
`
