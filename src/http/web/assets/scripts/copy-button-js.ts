// Copy buttons: `<button data-copy-target="ID">` copies the value (or text) of element ID to the
// clipboard and says so in its own label for a moment. Without JavaScript the value stays
// selectable on the page.
export const COPY_BUTTON_JS = `
document.addEventListener('click', function (event) {
  var button = event.target instanceof Element ? event.target.closest('[data-copy-target]') : null
  if (!button) return
  var target = document.getElementById(button.getAttribute('data-copy-target'))
  if (!target) return
  var text = 'value' in target ? target.value : target.textContent
  var done = function () {
    var original = button.textContent
    button.textContent = button.getAttribute('data-copied-label') || original
    setTimeout(function () { button.textContent = original }, 2000)
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(done, function () { target.select && target.select() })
  } else {
    if (target.select) target.select()
    try { document.execCommand('copy'); done() } catch (e) {}
  }
})
`
