// Cadastros → Modelos' editor: a variable of the list beside the body goes into it where the
// cursor is (a click, or Enter on the focused variable); a notice of the review ("Linha 3: …")
// selects in the body the variable it names, and one with a likely name ("Você quis dizer …?")
// offers to put that name in its place. Without JavaScript the list and the notices are text.
export const TEMPLATE_EDITOR_JS = `
(function () {
  var body = document.getElementById('field-body')
  if (!body) return

  function activate(element, label, action) {
    element.setAttribute('role', 'button')
    element.setAttribute('tabindex', '0')
    if (label) element.setAttribute('title', label)
    element.addEventListener('click', action)
    element.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); action() }
    })
  }

  function changed() {
    body.dispatchEvent(new Event('input', { bubbles: true }))
  }

  // The start and end of a 1-based line of the body, or null past its last line.
  function lineBounds(line) {
    var text = body.value
    var start = 0
    for (var i = 1; i < line; i++) {
      var next = text.indexOf('\\n', start)
      if (next === -1) return null
      start = next + 1
    }
    var end = text.indexOf('\\n', start)
    return { start: start, end: end === -1 ? text.length : end }
  }

  // Where the variable is written on that line as a whole name (not the start of a longer one).
  function findOnLine(line, written) {
    var bounds = lineBounds(line)
    if (!bounds) return null
    var text = body.value
    var from = bounds.start
    for (;;) {
      var at = text.indexOf(written, from)
      if (at === -1 || at + written.length > bounds.end) return { start: bounds.start, end: bounds.start, found: false }
      var before = at === 0 ? '' : text.charAt(at - 1)
      var after = text.charAt(at + written.length)
      if (!/[\\w.]/.test(before) && !/\\w/.test(after)) return { start: at, end: at + written.length, found: true }
      from = at + 1
    }
  }

  function select(start, end) {
    body.focus()
    body.setSelectionRange(start, end)
    // Bring the line into view: the textarea scrolls by lines of its own height.
    var lineHeight = parseFloat(getComputedStyle(body).lineHeight) || 20
    var line = body.value.slice(0, start).split('\\n').length
    body.scrollTop = Math.max(0, (line - 4) * lineHeight)
  }

  var variables = document.querySelector('[data-insert-label]')
  var insertLabel = variables ? variables.getAttribute('data-insert-label') : ''
  Array.prototype.forEach.call(document.querySelectorAll('[data-insert]'), function (code) {
    activate(code, insertLabel, function () {
      var text = code.getAttribute('data-insert')
      var start = body.selectionStart
      body.setRangeText(text, start, body.selectionEnd, 'end')
      body.focus()
      changed()
    })
  })

  var review = document.querySelector('[data-fix-label]')
  var fixLabel = review ? review.getAttribute('data-fix-label') : ''
  Array.prototype.forEach.call(document.querySelectorAll('[data-notice-line]'), function (notice) {
    var line = Number(notice.getAttribute('data-notice-line'))
    var written = notice.getAttribute('data-notice-variable')
    var goTo = notice.querySelector('[data-notice-goto]')
    if (goTo) {
      activate(goTo, null, function () {
        var place = findOnLine(line, written)
        if (place) select(place.start, place.end)
      })
    }
    var suggestion = notice.getAttribute('data-notice-suggestion')
    if (!suggestion) return
    var fix = document.createElement('button')
    fix.type = 'button'
    fix.className = 'button ghost small'
    fix.textContent = fixLabel
    fix.setAttribute('data-notice-fix', '')
    fix.addEventListener('click', function () {
      var place = findOnLine(line, written)
      if (!place || !place.found) return
      body.setRangeText(suggestion, place.start, place.end, 'select')
      select(place.start, place.start + suggestion.length)
      changed()
      notice.setAttribute('data-fixed', '')
      fix.remove()
    })
    notice.appendChild(document.createTextNode(' '))
    notice.appendChild(fix)
  })
})()
`
