// Fields that only matter in one case: an element with `data-hidden-when-checked="ID"` is hidden
// while the checkbox ID is ticked (the new user's initial password, when an invitation lets the
// person choose their own). Without JavaScript everything stays visible and the server ignores
// what does not apply.
export const TOGGLE_FIELDS_JS = `
(function () {
  function sync() {
    var elements = document.querySelectorAll('[data-hidden-when-checked]')
    for (var i = 0; i < elements.length; i++) {
      var box = document.getElementById(elements[i].getAttribute('data-hidden-when-checked'))
      if (box) elements[i].hidden = box.checked
    }
  }
  document.addEventListener('change', sync)
  sync()
})()
`
