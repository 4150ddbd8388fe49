// exports.js - what the user takes away: the report as JSON, the ladder as
// SVG and PNG, the imported logs as pcapng. All made in the page.
//
// SPDX-License-Identifier: GPL-2.0-or-later
import { download } from './dom.js';

export const saveJson = (reportText, base) =>
  download(new Blob([reportText], { type: 'application/json' }), `${base}.siphop.json`);

export const saveSvg = (svgText, base) =>
  download(new Blob([svgText], { type: 'image/svg+xml' }), `${base}.svg`);

export const savePcapng = (blob, base) => download(blob, `${base}.pcapng`);

// The SVG drawn into a canvas (2x for sharp text), then PNG. The image is a
// blob: URL of the page's own making, which the CSP allows (img-src blob:).
export async function svgToPng(svgText, scale = 2) {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    // Canvases stop at about 32 000 pixels a side: a long call is drawn smaller.
    scale = Math.min(scale, 16000 / Math.max(img.naturalWidth, img.naturalHeight, 1));
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(img.naturalWidth * scale);
    canvas.height = Math.ceil(img.naturalHeight * scale);
    const ctx = canvas.getContext('2d');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

export async function savePng(svgText, base) {
  download(await svgToPng(svgText), `${base}.png`);
}
