/**
 * The small Markdown subset email bodies use, rendered to safe HTML: paragraphs, line breaks,
 * `# headings`, `- lists`, **bold**, *italic*, `code` and [links](https://...). Everything is
 * HTML-escaped first (bodies carry record values), and links only keep http(s) and mailto targets.
 */

/** Renders `markdown` to an HTML fragment. */
export function markdownToHtml(markdown: string): string {
  return markdown
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map(renderBlock)
    .join('\n');
}

function renderBlock(block: string): string {
  const heading = /^(#{1,3})\s+(.*)$/.exec(block);
  if (heading && !block.includes('\n')) {
    const level = heading[1]!.length;
    return `<h${level}>${inline(heading[2]!)}</h${level}>`;
  }
  const lines = block.split('\n');
  if (lines.every((line) => /^[-*]\s+/.test(line))) {
    return `<ul>${lines.map((line) => `<li>${inline(line.replace(/^[-*]\s+/, ''))}</li>`).join('')}</ul>`;
  }
  return `<p>${lines.map(inline).join('<br>\n')}</p>`;
}

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/`([^`]+)`/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*\w])\*([^*]+)\*(?!\w)/g, '$1<em>$2</em>')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, href: string) =>
      /^(https?:|mailto:)/i.test(href) ? `<a href="${href}">${label}</a>` : label,
    );
}

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`,
  );
}
