// The drawn signature of the signing page: `[data-signature-pad]` gets its typed/drawn choice shown,
// a canvas that follows pointer events (mouse, pen, finger), a clear button, and after every stroke
// the drawing as a PNG data URL in the hidden `signature_drawn` field. Without JavaScript the
// choice stays hidden and the typed signature is the way to sign.
export const SIGNATURE_PAD_JS = `
(function () {
  function setup(root) {
    var kinds = root.querySelector('[data-signature-kinds]')
    var canvas = root.querySelector('[data-signature-canvas]')
    var output = root.querySelector('[data-signature-output]')
    var clear = root.querySelector('[data-signature-clear]')
    if (!kinds || !canvas || !output || !canvas.getContext) return
    var context = canvas.getContext('2d')
    var drawing = false
    var drawnSomething = false

    function showPanels() {
      var checked = root.querySelector('input[name="signature_kind"]:checked')
      var kind = checked ? checked.value : 'typed'
      var panels = root.querySelectorAll('[data-signature-panel]')
      for (var i = 0; i < panels.length; i++) panels[i].hidden = panels[i].getAttribute('data-signature-panel') !== kind
    }

    function point(event) {
      var box = canvas.getBoundingClientRect()
      return { x: (event.clientX - box.left) * (canvas.width / box.width), y: (event.clientY - box.top) * (canvas.height / box.height) }
    }

    function start(event) {
      event.preventDefault()
      drawing = true
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId)
      var p = point(event)
      context.beginPath()
      context.moveTo(p.x, p.y)
      context.lineTo(p.x + 0.1, p.y + 0.1)
      context.stroke()
    }

    function move(event) {
      if (!drawing) return
      event.preventDefault()
      var p = point(event)
      context.lineTo(p.x, p.y)
      context.stroke()
      drawnSomething = true
    }

    function end() {
      if (!drawing) return
      drawing = false
      drawnSomething = true
      output.value = canvas.toDataURL('image/png')
    }

    context.lineWidth = 3
    context.lineCap = 'round'
    context.lineJoin = 'round'
    context.strokeStyle = '#111827'
    canvas.addEventListener('pointerdown', start)
    canvas.addEventListener('pointermove', move)
    canvas.addEventListener('pointerup', end)
    canvas.addEventListener('pointercancel', end)
    canvas.addEventListener('pointerleave', end)
    clear.addEventListener('click', function () {
      context.clearRect(0, 0, canvas.width, canvas.height)
      context.beginPath()
      drawnSomething = false
      output.value = ''
    })
    root.addEventListener('change', function (event) {
      if (event.target && event.target.name === 'signature_kind') showPanels()
    })
    // A drawing kept from a refused submission is shown again.
    if (output.value.indexOf('data:image/png;base64,') === 0) {
      var image = new Image()
      image.onload = function () { context.drawImage(image, 0, 0) }
      image.src = output.value
    }
    kinds.hidden = false
    showPanels()
  }

  function init() {
    var roots = document.querySelectorAll('[data-signature-pad]')
    for (var i = 0; i < roots.length; i++) setup(roots[i])
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init)
  else init()
})()
`
