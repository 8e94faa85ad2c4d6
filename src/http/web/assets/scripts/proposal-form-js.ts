// The document form's enhancements ([data-proposal-form]): "Adicionar …" clones the group's
// <template> row with the next index, "Remover" drops a row (focus moves to a neighbouring row or
// the group's "Adicionar"), choosing a product fills its unit price (data-price-cents of the
// option), the installments offered follow the payment method, and the line totals, subtotal,
// discounts, total and installment value update as one types. Only a preview with the server's
// arithmetic (half-up cents; first installment carries the remainder): the server recomputes
// everything on saving.
export const PROPOSAL_FORM_JS = `
(function () {
  var form = document.querySelector('[data-proposal-form]')
  if (!form) return
  var money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' })

  function toCents(raw) {
    var text = String(raw || '').trim().replace(/^R\\$\\s*/, '')
    if (text === '') return null
    if (text.indexOf(',') >= 0) text = text.replace(/\\./g, '').replace(',', '.')
    else if (!/^\\d+(\\.\\d{1,2})?$/.test(text)) text = text.replace(/\\./g, '')
    if (!/^\\d+(\\.\\d{1,2})?$/.test(text)) return null
    var cents = Math.round(Number(text) * 100)
    return Number.isSafeInteger(cents) ? cents : null
  }
  // The server's parseQuantity (proposal-form-values.tsx): "1.000" is a thousand, "1,5" one and a half.
  function toMilli(raw) {
    var text = String(raw || '').trim()
    var plain
    if (/^(\\d{1,9}|[1-9]\\d{0,2}(\\.\\d{3}){1,2}),\\d+$/.test(text)) plain = text.replace(/\\./g, '').replace(',', '.')
    else if (/^[1-9]\\d{0,2}(\\.\\d{3}){1,2}$/.test(text)) plain = text.replace(/\\./g, '')
    else if (/^(\\d{1,9}(\\.\\d{1,2})?|0\\.\\d{1,3})$/.test(text)) plain = text
    else return null
    return Math.round(Number(plain) * 1000)
  }
  function centsInput(cents) {
    return (cents / 100).toFixed(2).replace('.', ',')
  }
  function optionPrice(select) {
    var option = select && select.options[select.selectedIndex]
    var price = option && option.getAttribute('data-price-cents')
    return price === null || price === undefined || price === '' ? null : Number(price)
  }

  function recompute() {
    var subtotal = 0
    var discount = 0
    var rows = form.querySelectorAll('[data-rows="items"] [data-row]')
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i]
      var product = row.querySelector('[data-product]')
      var priceField = row.querySelector('[data-unit-price]')
      var milli = toMilli(row.querySelector('[data-quantity]').value)
      var unit = priceField.value.trim() === '' ? optionPrice(product) : toCents(priceField.value)
      var lineDiscount = toCents(row.querySelector('[data-discount]').value) || 0
      var output = row.querySelector('[data-line-total]')
      if (milli === null || unit === null) {
        output.textContent = '\\u2014'
        continue
      }
      var gross = Math.floor((milli * unit + 500) / 1000)
      subtotal += gross
      discount += lineDiscount
      output.textContent = money.format((gross - lineDiscount) / 100)
    }
    var total = subtotal - discount
    var installmentsField = form.querySelector('[data-installments]')
    var count = Math.max(1, Number(installmentsField ? installmentsField.value : 1) || 1)
    // The installments split what the down payment leaves (saving refuses one that leaves less
    // than a cent per installment); a total below zero shows none.
    var downPaymentField = form.querySelector('[name="down_payment"]')
    var downPayment = Math.max(0, Math.min((downPaymentField && toCents(downPaymentField.value)) || 0, total))
    var rest = total - downPayment
    var installment = count > 1 ? Math.floor(rest / count) : rest
    var set = function (name, cents) {
      var element = form.querySelector('[data-total="' + name + '"]')
      if (element) element.textContent = money.format(cents / 100)
    }
    set('subtotal', subtotal)
    set('discount', discount)
    set('total', total)
    set('installment', installment)
    set('down-payment', downPayment)
    var downPaymentRow = form.querySelector('[data-down-payment-row]')
    if (downPaymentRow) downPaymentRow.hidden = downPayment === 0
    // A down payment with a template that never states it: the document would read as installments alone.
    var omitsHint = form.querySelector('[data-down-payment-template-hint]')
    var templateField = form.querySelector('[name="template_id"]')
    if (omitsHint && templateField) {
      var omitting = (omitsHint.getAttribute('data-templates') || '').split(' ')
      omitsHint.hidden = !(downPayment > 0 && templateField.value !== '' && omitting.indexOf(templateField.value) >= 0)
    }
  }

  function limitInstallments() {
    var method = form.querySelector('[data-payment-method]')
    var installments = form.querySelector('[data-installments]')
    if (!method || !installments) return
    var option = method.options[method.selectedIndex]
    var max = Number(option && option.getAttribute('data-max-installments')) || installments.options.length
    for (var i = 0; i < installments.options.length; i++) installments.options[i].disabled = Number(installments.options[i].value) > max
    if (Number(installments.value) > max) installments.value = String(max)
  }

  function addRow(group) {
    var container = form.querySelector('[data-rows="' + group + '"]')
    var template = form.querySelector('template[data-row-template="' + group + '"]')
    if (!container || !template) return
    var index = Number(container.getAttribute('data-next-index')) || 0
    container.setAttribute('data-next-index', String(index + 1))
    var number = container.querySelectorAll('[data-row]').length + 1
    var holder = document.createElement('div')
    holder.innerHTML = template.innerHTML.replace(/__INDEX__/g, String(index)).replace(/__NUMBER__/g, String(number))
    var row = holder.firstElementChild
    if (!row) return
    var remove = row.querySelector('[data-remove-row]')
    if (remove) remove.hidden = false
    container.appendChild(row)
    var first = row.querySelector('input, select')
    if (first) first.focus()
  }

  function firstControl(row) {
    return row.querySelector('input:not([type="hidden"]), select, textarea')
  }
  function siblingRow(row, direction) {
    var sibling = row[direction]
    while (sibling && !(sibling.matches && sibling.matches('[data-row]'))) sibling = sibling[direction]
    return sibling
  }
  // Where a removed row sends focus: the next row's first control, else the previous row's, else
  // the group's "Adicionar" button.
  function focusAfterRemoval(row) {
    var neighbour = siblingRow(row, 'nextElementSibling') || siblingRow(row, 'previousElementSibling')
    var target = neighbour ? firstControl(neighbour) : null
    if (!target) {
      var container = row.closest('[data-rows]')
      target = container ? form.querySelector('[data-add-row="' + container.getAttribute('data-rows') + '"]') : null
    }
    if (target) target.focus()
  }

  form.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null
    if (!target) return
    var add = target.closest('[data-add-row]')
    if (add) {
      addRow(add.getAttribute('data-add-row'))
      return
    }
    var remove = target.closest('[data-remove-row]')
    if (remove) {
      var row = remove.closest('[data-row]')
      if (row && row.parentNode) {
        // Focus moves before the row goes, or it falls to <body> and a keyboard user starts over.
        focusAfterRemoval(row)
        row.parentNode.removeChild(row)
      }
      recompute()
    }
  })

  form.addEventListener('change', function (event) {
    var target = event.target
    if (target && target.matches && target.matches('[data-product]')) {
      var row = target.closest('[data-row]')
      var price = optionPrice(target)
      var priceField = row && row.querySelector('[data-unit-price]')
      if (priceField && price !== null) priceField.value = centsInput(price)
    }
    if (target && target.matches && target.matches('[data-payment-method]')) limitInstallments()
    recompute()
  })
  form.addEventListener('input', recompute)

  var buttons = form.querySelectorAll('[data-add-row], [data-remove-row]')
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false
  var note = form.querySelector('[data-totals-note]')
  if (note) note.hidden = true
  limitInstallments()
  recompute()
})()
`
