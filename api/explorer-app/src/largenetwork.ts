import type { NetworkHandle, NetworkLink, PlacedFirm } from "./network";
import { domesticColour, firmTooltip, foreignColour, linkTooltip } from "./network";

interface Actions { open(id: string): void; show(text: string, x: number, y: number): void; hide(): void }

/** A finished (or growing) picture of the whole network, with the camera it was drawn for. */
interface Picture { canvas: HTMLCanvasElement; k: number; tx: number; ty: number; nextEdge: number; done: boolean }

const edgeColour = "rgba(98, 110, 124, 0.35)";
const headColour = "#1f4e79"; // a blue no overlap of grey lines makes
// A link drawn at least this long (CSS pixels) gets an arrowhead at its buyer: zoomed in, where there is room for one.
const headFrom = 60;
const ink = "#17202a";
const sliceMs = 8;
const quietMs = 140;

/**
 * A network of thousands of firms on one 2D canvas, drawn so that the page never waits for it: panning and zooming move
 * the last finished picture (one bitmap copy a frame), and once the pointer rests a new picture is drawn for the new
 * view in slices of a few milliseconds, links first, then firms, then the labels there is room for. Firms are found
 * under the pointer through a grid, links by their distance to it. Screen = world * k + (tx, ty), in CSS pixels.
 */
export class LargeNetworkView implements NetworkHandle {
  readonly view = "large" as const;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly index = new Map<string, number>();
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly incident: number[][];
  private readonly grid = new Map<string, number[]>();
  private readonly cell = 60;
  private readonly observer: ResizeObserver;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private k = 1;
  private tx = 0;
  private ty = 0;
  private shown: Picture | null = null;
  private drawing: Picture | null = null;
  private frame = 0;
  private quiet = 0;
  private hoverFirm = -1;
  private hoverLink = -1;
  private drag: { x: number; y: number; tx: number; ty: number; moved: boolean } | null = null;
  private pointer: { x: number; y: number } | null = null;
  // Touch: the fingers down, and a pinch under way (its start); a gesture of two fingers is never a click.
  private readonly fingers = new Map<number, { x: number; y: number }>();
  private pinch: { d: number; mx: number; my: number; k: number; tx: number; ty: number } | null = null;
  private gesture = false;

  constructor(private readonly container: HTMLElement, private readonly firms: PlacedFirm[], private readonly links: NetworkLink[], private readonly actions: Actions) {
    const n = firms.length;
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.incident = Array.from({ length: n }, () => []);
    firms.forEach((f, i) => {
      this.index.set(f.id, i);
      this.xs[i] = f.x;
      this.ys[i] = f.y;
      const key = this.cellOf(f.x, f.y);
      this.grid.set(key, [...(this.grid.get(key) ?? []), i]);
    });
    this.from = new Int32Array(links.length);
    this.to = new Int32Array(links.length);
    links.forEach((l, e) => {
      this.from[e] = this.index.get(l.supplier) ?? -1;
      this.to[e] = this.index.get(l.buyer) ?? -1;
      if (this.from[e] >= 0 && this.to[e] >= 0) {
        this.incident[this.from[e]].push(e);
        this.incident[this.to[e]].push(e);
      }
    });
    this.canvas = document.createElement("canvas");
    this.canvas.style.display = "block";
    this.canvas.style.touchAction = "none";
    this.ctx = this.canvas.getContext("2d")!;
    container.append(this.canvas);
    this.resize();
    this.fit();
    this.canvas.addEventListener("wheel", this.onWheel, { passive: false });
    this.canvas.addEventListener("pointerdown", this.onDown);
    this.canvas.addEventListener("pointermove", this.onMove);
    this.canvas.addEventListener("pointerup", this.onUp);
    this.canvas.addEventListener("pointercancel", this.onUp);
    this.canvas.addEventListener("pointerleave", this.onLeave);
    this.observer = new ResizeObserver(() => { this.resize(); this.changed(); });
    this.observer.observe(container);
    this.startPicture();
  }

  firmPosition(id: string): { x: number; y: number } | null {
    const i = this.index.get(id);
    return i === undefined ? null : { x: this.xs[i] * this.k + this.tx, y: this.ys[i] * this.k + this.ty };
  }

  /** A point of the link where the pointer finds that link (not a firm or a nearer link), else its middle. */
  linkPosition(supplier: string, buyer: string): { x: number; y: number } | null {
    const a = this.index.get(supplier);
    const b = this.index.get(buyer);
    const e = a === undefined || b === undefined ? undefined : this.incident[a].find((x) => this.from[x] === a && this.to[x] === b);
    if (e === undefined) {
      return null;
    }
    const point = (u: number) => ({ x: (this.xs[a!] + u * (this.xs[b!] - this.xs[a!])) * this.k + this.tx, y: (this.ys[a!] + u * (this.ys[b!] - this.ys[a!])) * this.k + this.ty });
    for (let step = 0; step <= 16; step++) {
      const p = point(0.5 + (step % 2 === 0 ? 1 : -1) * Math.ceil(step / 2) * 0.025);
      if (this.firmAt(p.x, p.y) < 0 && this.linkAt(p.x, p.y) === e) {
        return p;
      }
    }
    return point(0.5);
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    clearTimeout(this.quiet);
    this.observer.disconnect();
    this.drawing = null;
    this.canvas.remove();
  }

  private cellOf(x: number, y: number): string {
    return `${Math.floor(x / this.cell)},${Math.floor(y / this.cell)}`;
  }

  private resize(): void {
    this.dpr = Math.min(2, window.devicePixelRatio || 1);
    this.width = Math.max(1, this.container.clientWidth);
    this.height = Math.max(1, this.container.clientHeight);
    this.canvas.width = Math.round(this.width * this.dpr);
    this.canvas.height = Math.round(this.height * this.dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
  }

  private fit(): void {
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (let i = 0; i < this.xs.length; i++) {
      minX = Math.min(minX, this.xs[i]);
      maxX = Math.max(maxX, this.xs[i]);
      minY = Math.min(minY, this.ys[i]);
      maxY = Math.max(maxY, this.ys[i]);
    }
    const pad = 24;
    this.k = Math.min(2, (this.width - 2 * pad) / Math.max(1, maxX - minX), (this.height - 2 * pad) / Math.max(1, maxY - minY));
    this.tx = this.width / 2 - ((minX + maxX) / 2) * this.k;
    this.ty = this.height / 2 - ((minY + maxY) / 2) * this.k;
  }

  private radius(i: number): number {
    return this.firms[i].root ? 8 : Math.max(2.5, Math.min(7, 14 * this.k));
  }

  /** The camera moved: show the last picture moved along at once, and draw a new one when the pointer rests. */
  private changed(): void {
    this.drawing = null;
    this.schedule();
    clearTimeout(this.quiet);
    this.quiet = window.setTimeout(() => this.startPicture(), quietMs);
  }

  private schedule(): void {
    if (!this.frame) {
      this.frame = requestAnimationFrame(() => { this.frame = 0; this.present(); });
    }
  }

  private startPicture(): void {
    const canvas = document.createElement("canvas");
    canvas.width = this.canvas.width;
    canvas.height = this.canvas.height;
    this.drawing = { canvas, k: this.k, tx: this.tx, ty: this.ty, nextEdge: 0, done: false };
    const step = () => {
      const picture = this.drawing;
      if (!picture || picture.canvas !== canvas) {
        return; // replaced by a newer view
      }
      this.drawSlice(picture);
      if (picture.done) {
        this.shown = picture;
        this.drawing = null;
        this.container.dataset.pictures = String(Number(this.container.dataset.pictures ?? "0") + 1);
      }
      this.present();
      if (!picture.done) {
        requestAnimationFrame(step);
      }
    };
    requestAnimationFrame(step);
  }

  /** Some of the links (as many as fit in a few milliseconds), or, once they are all drawn, the firms and labels. */
  private drawSlice(p: Picture): void {
    const g = p.canvas.getContext("2d")!;
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const started = performance.now();
    const { width, height } = this;
    if (p.nextEdge < this.links.length) {
      g.strokeStyle = edgeColour;
      g.lineWidth = 1;
      while (p.nextEdge < this.links.length && performance.now() - started < sliceMs) {
        g.beginPath();
        const heads = new Path2D();
        const end = Math.min(this.links.length, p.nextEdge + 500);
        for (let e = p.nextEdge; e < end; e++) {
          const a = this.from[e];
          const b = this.to[e];
          if (a < 0 || b < 0) {
            continue;
          }
          const x1 = this.xs[a] * p.k + p.tx;
          const y1 = this.ys[a] * p.k + p.ty;
          const x2 = this.xs[b] * p.k + p.tx;
          const y2 = this.ys[b] * p.k + p.ty;
          if ((x1 < 0 && x2 < 0) || (x1 > width && x2 > width) || (y1 < 0 && y2 < 0) || (y1 > height && y2 > height)) {
            continue;
          }
          g.moveTo(x1, y1);
          g.lineTo(x2, y2);
          const length = Math.hypot(x2 - x1, y2 - y1);
          if (length >= headFrom) {
            // Supplier to buyer: a head whose tip touches the buyer's dot.
            const ux = (x2 - x1) / length;
            const uy = (y2 - y1) / length;
            const tip = this.radius(b) + 1;
            const hx = x2 - ux * tip;
            const hy = y2 - uy * tip;
            heads.moveTo(hx, hy);
            heads.lineTo(hx - ux * 8 - uy * 3.5, hy - uy * 8 + ux * 3.5);
            heads.lineTo(hx - ux * 8 + uy * 3.5, hy - uy * 8 - ux * 3.5);
            heads.closePath();
          }
        }
        g.stroke();
        g.fillStyle = headColour;
        g.fill(heads);
        p.nextEdge = end;
      }
      return;
    }
    for (const [colour, domestic] of [[domesticColour, true], [foreignColour, false]] as const) {
      g.fillStyle = colour;
      g.beginPath();
      for (let i = 0; i < this.firms.length; i++) {
        const x = this.xs[i] * p.k + p.tx;
        const y = this.ys[i] * p.k + p.ty;
        if ((this.firms[i].country === "VN") !== domestic || x < -10 || y < -10 || x > width + 10 || y > height + 10) {
          continue;
        }
        const r = this.radius(i);
        g.moveTo(x + r, y);
        g.arc(x, y, r, 0, 2 * Math.PI);
      }
      g.fill();
    }
    const root = this.firms.findIndex((f) => f.root);
    if (root >= 0) {
      g.strokeStyle = ink;
      g.lineWidth = 3;
      g.beginPath();
      g.arc(this.xs[root] * p.k + p.tx, this.ys[root] * p.k + p.ty, this.radius(root), 0, 2 * Math.PI);
      g.stroke();
    }
    this.drawLabels(g, p);
    p.done = true;
  }

  /** Labels where there is room: below their firm, never over one another, the firm itself first. */
  private drawLabels(g: CanvasRenderingContext2D, p: Picture): void {
    const rowGap = 40 * p.k;
    const taken = new Set<string>();
    g.font = "11px system-ui, sans-serif";
    g.fillStyle = ink;
    g.textAlign = "center";
    g.textBaseline = "top";
    const order = [...this.firms.keys()].sort((a, b) => Number(this.firms[b].root) - Number(this.firms[a].root));
    for (const i of order) {
      if (!this.firms[i].root && rowGap < 16) {
        continue;
      }
      const x = this.xs[i] * p.k + p.tx;
      const y = this.ys[i] * p.k + p.ty + this.radius(i) + 2;
      if (x < 0 || y < 0 || x > this.width || y > this.height) {
        continue;
      }
      let text = this.firms[i].name;
      const room = Math.max(60, Math.min(160, 200 * p.k));
      while (text.length > 4 && g.measureText(text).width > room) {
        text = `${text.slice(0, -2)}…`;
      }
      const w = g.measureText(text).width;
      const cells: string[] = [];
      for (let cx = Math.floor((x - w / 2) / 20); cx <= Math.floor((x + w / 2) / 20); cx++) {
        cells.push(`${cx},${Math.floor(y / 13)}`);
      }
      if (cells.some((c) => taken.has(c))) {
        continue;
      }
      cells.forEach((c) => taken.add(c));
      g.fillText(text, x, y);
    }
  }

  /** The picture for the current camera (or the last one moved and scaled to it), then what the pointer is over. */
  private present(): void {
    const g = this.ctx;
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const picture = this.shown ?? this.drawing;
    if (picture) {
      const s = this.k / picture.k;
      g.setTransform(s, 0, 0, s, (this.tx - picture.tx * s) * this.dpr, (this.ty - picture.ty * s) * this.dpr);
      g.drawImage(picture.canvas, 0, 0);
    }
    g.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    const at = (i: number): [number, number] => [this.xs[i] * this.k + this.tx, this.ys[i] * this.k + this.ty];
    const links = this.hoverFirm >= 0 ? this.incident[this.hoverFirm] : this.hoverLink >= 0 ? [this.hoverLink] : [];
    if (links.length > 0) {
      g.strokeStyle = ink;
      g.lineWidth = this.hoverLink >= 0 ? 3 : 1.5;
      g.beginPath();
      for (const e of links) {
        g.moveTo(...at(this.from[e]));
        g.lineTo(...at(this.to[e]));
      }
      g.stroke();
      const ends = new Set(links.flatMap((e) => [this.from[e], this.to[e]]));
      g.lineWidth = 2;
      g.beginPath();
      for (const i of ends) {
        const [x, y] = at(i);
        const r = this.radius(i) + 2;
        g.moveTo(x + r, y);
        g.arc(x, y, r, 0, 2 * Math.PI);
      }
      g.stroke();
    }
    if (this.hoverFirm >= 0) {
      const [x, y] = at(this.hoverFirm);
      g.font = "bold 12px system-ui, sans-serif";
      g.textAlign = "center";
      g.textBaseline = "bottom";
      const text = this.firms[this.hoverFirm].name;
      const w = g.measureText(text).width;
      g.fillStyle = "rgba(255, 255, 255, 0.9)";
      g.fillRect(x - w / 2 - 3, y - this.radius(this.hoverFirm) - 19, w + 6, 16);
      g.fillStyle = ink;
      g.fillText(text, x, y - this.radius(this.hoverFirm) - 4);
    }
  }

  /** The firm under a point (within its radius and a few pixels), else -1. */
  private firmAt(px: number, py: number): number {
    const wx = (px - this.tx) / this.k;
    const wy = (py - this.ty) / this.k;
    let best = -1;
    let bestDistance = Infinity;
    const reach = Math.ceil((10 / this.k) / this.cell);
    const [cx, cy] = [Math.floor(wx / this.cell), Math.floor(wy / this.cell)];
    for (let x = cx - reach; x <= cx + reach; x++) {
      for (let y = cy - reach; y <= cy + reach; y++) {
        for (const i of this.grid.get(`${x},${y}`) ?? []) {
          const d = Math.hypot(this.xs[i] * this.k + this.tx - px, this.ys[i] * this.k + this.ty - py);
          if (d <= this.radius(i) + 3 && d < bestDistance) {
            best = i;
            bestDistance = d;
          }
        }
      }
    }
    return best;
  }

  /** The link nearest a point, if one passes within 4 pixels, else -1. */
  private linkAt(px: number, py: number): number {
    const wx = (px - this.tx) / this.k;
    const wy = (py - this.ty) / this.k;
    const reach = 4 / this.k;
    let best = -1;
    let bestDistance = reach;
    for (let e = 0; e < this.from.length; e++) {
      const a = this.from[e];
      const b = this.to[e];
      if (a < 0 || b < 0) {
        continue;
      }
      const [x1, y1, x2, y2] = [this.xs[a], this.ys[a], this.xs[b], this.ys[b]];
      if (wx < Math.min(x1, x2) - reach || wx > Math.max(x1, x2) + reach || wy < Math.min(y1, y2) - reach || wy > Math.max(y1, y2) + reach) {
        continue;
      }
      const dx = x2 - x1;
      const dy = y2 - y1;
      const length = dx * dx + dy * dy;
      const u = length === 0 ? 0 : Math.max(0, Math.min(1, ((wx - x1) * dx + (wy - y1) * dy) / length));
      const d = Math.hypot(x1 + u * dx - wx, y1 + u * dy - wy);
      if (d < bestDistance) {
        best = e;
        bestDistance = d;
      }
    }
    return best;
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }

  private readonly onWheel = (e: WheelEvent) => {
    e.preventDefault();
    const { x, y } = this.local(e);
    const factor = Math.exp(-e.deltaY * (e.deltaMode === 1 ? 0.05 : 0.0015));
    const k = Math.max(0.005, Math.min(8, this.k * factor));
    this.tx = x - ((x - this.tx) * k) / this.k;
    this.ty = y - ((y - this.ty) * k) / this.k;
    this.k = k;
    this.setHover(-1, -1);
    this.changed();
  };

  private readonly onDown = (e: PointerEvent) => {
    const { x, y } = this.local(e);
    this.canvas.setPointerCapture(e.pointerId);
    if (e.pointerType === "touch") {
      this.fingers.set(e.pointerId, { x, y });
      if (this.fingers.size === 2) {
        // A second finger: from a drag to a pinch, zooming about the point between the two.
        const [a, b] = [...this.fingers.values()];
        this.pinch = { d: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), mx: (a.x + b.x) / 2, my: (a.y + b.y) / 2, k: this.k, tx: this.tx, ty: this.ty };
        this.gesture = true;
        this.drag = null;
        this.setHover(-1, -1);
        return;
      }
    }
    this.drag = { x, y, tx: this.tx, ty: this.ty, moved: false };
  };

  private readonly onMove = (e: PointerEvent) => {
    const { x, y } = this.local(e);
    if (this.fingers.has(e.pointerId)) {
      this.fingers.set(e.pointerId, { x, y });
      if (this.pinch && this.fingers.size >= 2) {
        // The world point that was between the fingers stays between them; the zoom follows their distance.
        const [a, b] = [...this.fingers.values()];
        const p = this.pinch;
        const k = Math.max(0.005, Math.min(8, (p.k * Math.hypot(a.x - b.x, a.y - b.y)) / p.d));
        const mx = (a.x + b.x) / 2;
        const my = (a.y + b.y) / 2;
        this.tx = mx - ((p.mx - p.tx) * k) / p.k;
        this.ty = my - ((p.my - p.ty) * k) / p.k;
        this.k = k;
        this.changed();
        return;
      }
    }
    if (this.drag) {
      if (Math.abs(x - this.drag.x) + Math.abs(y - this.drag.y) > 4) {
        this.drag.moved = true;
      }
      if (this.drag.moved) {
        this.tx = this.drag.tx + x - this.drag.x;
        this.ty = this.drag.ty + y - this.drag.y;
        this.setHover(-1, -1);
        this.changed();
        return;
      }
    }
    // Hit tests once a frame, however fast the pointer moves.
    const first = this.pointer === null;
    this.pointer = { x, y };
    if (first) {
      requestAnimationFrame(() => {
        const p = this.pointer;
        this.pointer = null;
        if (p && !this.drag?.moved) {
          const firm = this.firmAt(p.x, p.y);
          this.setHover(firm, firm >= 0 ? -1 : this.linkAt(p.x, p.y), p);
        }
      });
    }
  };

  private readonly onUp = (e: PointerEvent) => {
    const drag = this.drag;
    this.drag = null;
    if (this.canvas.hasPointerCapture(e.pointerId)) {
      this.canvas.releasePointerCapture(e.pointerId);
    }
    this.fingers.delete(e.pointerId);
    if (this.fingers.size < 2) {
      this.pinch = null;
    }
    if (this.gesture) {
      // The end of a pinch is not a click, nor is lifting the other finger.
      this.gesture = this.fingers.size > 0;
      return;
    }
    if (drag && !drag.moved && e.type === "pointerup") {
      const { x, y } = this.local(e);
      const firm = this.firmAt(x, y);
      if (firm >= 0) {
        this.actions.open(this.firms[firm].id);
      }
    }
  };

  private readonly onLeave = () => {
    this.pointer = null;
    this.setHover(-1, -1);
  };

  private setHover(firm: number, link: number, at?: { x: number; y: number }): void {
    this.canvas.style.cursor = firm >= 0 ? "pointer" : "";
    if (link >= 0 && at) {
      this.actions.show(linkTooltip(this.links[link]), at.x, at.y);
    } else if (firm >= 0 && at) {
      this.actions.show(firmTooltip(this.firms[firm]), at.x, at.y);
    } else if (this.hoverLink >= 0 || this.hoverFirm >= 0) {
      this.actions.hide();
    }
    if (firm !== this.hoverFirm || link !== this.hoverLink) {
      this.hoverFirm = firm;
      this.hoverLink = link;
      this.schedule();
    }
  }
}
