// The −/+ links of the capacity page work without JavaScript (they reload with the new count);
// with it, they change the number in place so the operator saves with one more tap.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-step]");
  if (!link) return;
  const input = document.getElementById(link.dataset.target);
  if (!input) return;
  event.preventDefault();
  const max = Number(input.max);
  const next = Math.min(max, Math.max(0, (Number(input.value) || 0) + Number(link.dataset.step)));
  input.value = String(next);
  input.dispatchEvent(new Event("change", { bubbles: true }));
});
