// Cadastros → Modelos' editor: a variable of the list beside the body goes into it where the
// cursor is (a click, or Enter on the focused variable); a notice of the review ("Linha 3: …")
// selects in the body the variable it names, and one with a likely name ("Você quis dizer …?")
// offers to put that name in its place, wherever the review found it on that line (by column:
// the same word in the HTML around it is left alone). Edits go through the browser's own editing,
// so Ctrl+Z takes them back. Enter in the preview's document number previews rather than saves.
// Without JavaScript the list and the notices are text.
export const TEMPLATE_EDITOR_JS = `
(function () {
  var body = document.getElementById('field-body')
  if (!body) return
  var labels = document.querySelector('[data-editor-labels]')
  function label(name) { return labels ? labels.getAttribute('data-' + name) || '' : '' }

  function activate(element, name, action) {
    element.setAttribute('role', 'button')
    element.setAttribute('tabindex', '0')
    if (name) element.setAttribute('aria-label', name)
    element.addEventListener('click', action)
    element.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' || event.key === ' ') { event.preventDefault(); action() }
    })
  }

  // Replaces start..end of the body as typing would (undoable), else directly.
  function replace(start, end, text) {
    body.focus()
    body.setSelectionRange(start, end)
    var typed = false
    try { typed = document.execCommand('insertText', false, text) } catch (e) {}
    if (!typed || body.value.slice(start, start + text.length) !== text) {
      body.setRangeText(text, start, end, 'end')
      body.dispatchEvent(new Event('input', { bubbles: true }))
    }
  }

  // Where a 1-based line of the body starts, or -1 past its last line.
  function lineStart(line) {
    var start = 0
    for (var i = 1; i < line; i++) {
      var next = body.value.indexOf('\\n', start)
      if (next === -1) return -1
      start = next + 1
    }
    return start
  }

  function select(start, end) {
    body.focus()
    body.setSelectionRange(start, end)
    // Bring the line into view: blur and focus scroll a textarea to its caret in every browser.
    body.blur()
    body.focus()
  }

  Array.prototype.forEach.call(document.querySelectorAll('[data-insert]'), function (code) {
    activate(code, label('insert-label') + ': ' + code.getAttribute('data-insert'), function () {
      replace(body.selectionStart, body.selectionEnd, code.getAttribute('data-insert'))
    })
  })

  Array.prototype.forEach.call(document.querySelectorAll('[data-notice-line]'), function (notice) {
    var line = Number(notice.getAttribute('data-notice-line'))
    var written = notice.getAttribute('data-notice-variable')
    var start = Number(notice.getAttribute('data-notice-start'))
    var goTo = notice.querySelector('[data-notice-goto]')
    if (goTo) {
      activate(goTo, label('goto-label') + ' ' + line, function () {
        var from = lineStart(line)
        if (from === -1) return
        var at = from + start
        if (body.value.substr(at, written.length) === written) return select(at, at + written.length)
        var end = body.value.indexOf('\\n', from)
        select(from, end === -1 ? body.value.length : end)
      })
    }
    var replacement = notice.getAttribute('data-notice-replacement')
    var wrong = notice.getAttribute('data-notice-wrong')
    var columns = (notice.getAttribute('data-notice-columns') || '').split(',').filter(Boolean).map(Number)
    if (replacement === null || wrong === null || columns.length === 0) return
    var fix = document.createElement('button')
    fix.type = 'button'
    fix.className = 'button ghost small'
    fix.textContent = label('fix-label')
    fix.setAttribute('data-notice-fix', '')
    var status = document.createElement('span')
    status.setAttribute('role', 'status')
    fix.addEventListener('click', function () {
      var from = lineStart(line)
      var found = from === -1 ? [] : columns.map(function (column) { return from + column }).filter(function (at) { return body.value.substr(at, wrong.length) === wrong })
      if (found.length === 0) { status.textContent = ' ' + label('not-found-label'); return }
      // Right to left, so each replacement leaves the others where they were.
      found.sort(function (a, b) { return b - a }).forEach(function (at) { replace(at, at + wrong.length, replacement) })
      var first = found[found.length - 1]
      select(first, first + replacement.length)
      notice.setAttribute('data-fixed', '')
      status.textContent = ' ' + label('fixed-label')
      fix.remove()
    })
    notice.appendChild(document.createTextNode(' '))
    notice.appendChild(fix)
    notice.appendChild(status)
  })

  // Enter in the document number asks for the preview, as its label says, not for "Salvar".
  var number = document.getElementById('field-preview_number')
  var preview = document.querySelector('[data-preview-button]')
  if (number && preview) {
    number.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') { event.preventDefault(); preview.click() }
    })
  }
})()
`
