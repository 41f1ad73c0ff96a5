import * as assert from 'node:assert/strict';
import { barsSvg, escapeXml, heatmapLevel, heatmapSvg } from '../../../webview/dashboard/charts';

/** Each heatmap cell as the markup states it. */
function cells(svg: string) {
  return [...svg.matchAll(/<rect class="cell l(\d)" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="(\d+)" rx="2" data-day="(\d+)" data-hour="(\d+)" data-minutes="([\d.]+)"><title>([^<]*)<\/title><\/rect>/g)].map(
    (m) => ({ level: Number(m[1]), x: Number(m[2]), y: Number(m[3]), width: Number(m[4]), height: Number(m[5]), day: Number(m[6]), hour: Number(m[7]), minutes: Number(m[8]), title: m[9] }),
  );
}

function barRows(svg: string) {
  return [...svg.matchAll(/<g class="bar-row( other)?" data-label="([^"]*)" data-value="([\d.]+)"><title>([^<]*)<\/title><text class="bar-label"[^>]*>([^<]*)<\/text>.*?<rect class="bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)".*?<text class="bar-value" x="(\d+)"[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => ({
    other: Boolean(m[1]),
    label: m[2],
    value: Number(m[3]),
    title: m[4],
    shownLabel: m[5],
    barX: Number(m[6]),
    barWidth: Number(m[7]),
    valueX: Number(m[8]),
    valueText: m[9],
  }));
}

describe('Dashboard charts', () => {
  describe('heatmapLevel', () => {
    it('is 0 without activity and scales the rest into four steps of the busiest hour', () => {
      assert.equal(heatmapLevel(0, 60), 0);
      assert.equal(heatmapLevel(1, 60), 1);
      assert.equal(heatmapLevel(15, 60), 1);
      assert.equal(heatmapLevel(16, 60), 2);
      assert.equal(heatmapLevel(45, 60), 3);
      assert.equal(heatmapLevel(46, 60), 4);
      assert.equal(heatmapLevel(60, 60), 4);
    });

    it('treats nonsense (negative, NaN, no maximum) as no activity', () => {
      assert.equal(heatmapLevel(-5, 60), 0);
      assert.equal(heatmapLevel(Number.NaN, 60), 0);
      assert.equal(heatmapLevel(10, 0), 0);
    });
  });

  describe('heatmapSvg', () => {
    it('draws one cell per day and hour, the busiest at the top step, each titled with its day, hour and minutes', () => {
      const day = new Array(24).fill(0);
      const monday = [...day];
      monday[9] = 30;
      monday[14] = 60;
      const tuesday = [...day];
      tuesday[10] = 5;
      const svg = heatmapSvg([monday, tuesday], { width: 272, rowLabels: ['Mon', 'Tue'], rowTitles: ['Monday 3 March', 'Tuesday 4 March'] });
      const grid = cells(svg);
      assert.equal(grid.length, 48);
      const at = (d: number, hour: number) => grid.find((c) => c.day === d && c.hour === hour)!;
      assert.equal(at(0, 14).level, 4);
      assert.equal(at(0, 9).level, 2);
      assert.equal(at(1, 10).level, 1);
      assert.equal(at(1, 11).level, 0);
      assert.equal(at(0, 14).title, 'Monday 3 March, 14:00–15:00: 1h active');
      assert.equal(at(1, 11).title, 'Tuesday 4 March, 11:00–12:00: no activity');
      assert.match(svg, /aria-label="Active time by hour: 1h 35m in all, busiest 14:00–15:00 on Monday 3 March \(1h\)"/);
    });

    it('lays the 24 columns out within the given width, rows below each other', () => {
      const svg = heatmapSvg([new Array(24).fill(1), new Array(24).fill(1)], { width: 300, rowLabels: ['Mon', 'Tue'] });
      const grid = cells(svg);
      const first = grid.find((c) => c.day === 0 && c.hour === 0)!;
      const last = grid.find((c) => c.day === 0 && c.hour === 23)!;
      const below = grid.find((c) => c.day === 1 && c.hour === 0)!;
      assert.ok(first.x > 0, 'leaves room for the day labels');
      assert.ok(last.x + last.width <= 300, `last column ends at ${last.x + last.width}`);
      assert.ok(300 - (last.x + last.width) <= 3, 'fills the width');
      assert.equal(below.x, first.x);
      assert.ok(below.y >= first.y + first.height);
      assert.match(svg, /^<svg class="chart heatmap" xmlns="http:\/\/www.w3.org\/2000\/svg" width="300" height="\d+" role="img"/);
    });

    it('pads short rows with empty cells and ignores values that are not minutes', () => {
      const grid = cells(heatmapSvg([[10, Number.NaN, -3]], { width: 272, rowLabels: ['Today'] }));
      assert.equal(grid.length, 24);
      assert.deepEqual(
        grid.slice(0, 4).map((c) => [c.level, c.minutes]),
        [
          [4, 10],
          [0, 0],
          [0, 0],
          [0, 0],
        ],
      );
    });

    it('draws an all-empty grid when nothing happened, and says so', () => {
      const svg = heatmapSvg([new Array(24).fill(0)], { width: 272, rowLabels: ['Today'] });
      assert.ok(cells(svg).every((c) => c.level === 0));
      assert.match(svg, /aria-label="Active time by hour: no activity yet"/);
    });

    it('draws no cells for no days', () => {
      const svg = heatmapSvg([], { width: 272, rowLabels: [] });
      assert.equal(cells(svg).length, 0);
      assert.match(svg, /No activity recorded/);
    });

    it('labels hours along the bottom and escapes row labels', () => {
      const svg = heatmapSvg([new Array(24).fill(0)], { width: 272, rowLabels: ['<b>&'] });
      assert.deepEqual([...svg.matchAll(/class="axis-label"[^>]*>(\d+)</g)].map((m) => m[1]), ['00', '06', '12', '18', '24']);
      assert.match(svg, />&lt;b&gt;&amp;</);
      assert.doesNotMatch(svg, /<b>/);
    });

    it('puts no colours and no style attributes in the markup (the CSP forbids them; the theme paints by class)', () => {
      const svg = heatmapSvg([new Array(24).fill(5)], { width: 272, rowLabels: ['Today'] });
      assert.doesNotMatch(svg, /style=|fill="|stroke="|#[0-9a-f]{3,6}\b|rgb\(/i);
    });
  });

  describe('barsSvg', () => {
    it('scales bars to the largest value and prints each value', () => {
      const svg = barsSvg(
        [
          { label: 'TypeScript', value: 120 },
          { label: 'Python', value: 60 },
          { label: 'Go', value: 15 },
        ],
        { width: 272, label: 'Time by language' },
      );
      const rows = barRows(svg);
      assert.deepEqual(
        rows.map((r) => [r.label, r.valueText]),
        [
          ['TypeScript', '2h'],
          ['Python', '1h'],
          ['Go', '15m'],
        ],
      );
      assert.ok(Math.abs(rows[1].barWidth - rows[0].barWidth / 2) < 0.02, `${rows[1].barWidth} is half of ${rows[0].barWidth}`);
      assert.ok(Math.abs(rows[2].barWidth - rows[0].barWidth / 8) < 0.02);
      assert.ok(rows[0].barX + rows[0].barWidth < rows[0].valueX - 20, 'the longest bar leaves room for its value');
      assert.equal(rows[0].valueX, 272);
      assert.match(svg, /aria-label="Time by language: TypeScript 2h, Python 1h, Go 15m"/);
    });

    it('sums what does not fit into one "others" row', () => {
      const data = ['a', 'b', 'c', 'd', 'e'].map((label, i) => ({ label, value: 50 - i * 10 }));
      const rows = barRows(barsSvg(data, { width: 272, maxBars: 3, label: 'Languages' }));
      assert.deepEqual(
        rows.map((r) => [r.label, r.value, r.other]),
        [
          ['a', 50, false],
          ['b', 40, false],
          ['3 others', 60, true],
        ],
      );
      assert.equal(rows[2].title, 'c, d, e');
    });

    it('cuts long labels with an ellipsis but keeps the whole label in the tooltip', () => {
      const long = 'A language with a remarkably long name';
      const [row] = barRows(barsSvg([{ label: long, value: 5 }], { width: 200, label: 'Languages' }));
      assert.ok(row.shownLabel.endsWith('…'));
      assert.ok(row.shownLabel.length < long.length);
      assert.equal(row.title, `${long}: 5m`);
    });

    it('leaves out rows without a positive value and says when nothing is left', () => {
      assert.equal(barRows(barsSvg([{ label: 'x', value: 0 }, { label: 'y', value: 3 }], { width: 272, label: 'L' })).length, 1);
      const empty = barsSvg([{ label: 'x', value: 0 }], { width: 272, label: 'Languages' });
      assert.equal(barRows(empty).length, 0);
      assert.match(empty, /Nothing yet/);
      assert.match(barsSvg([], { width: 272, label: 'Languages' }), /aria-label="Languages: nothing yet"/);
    });

    it('escapes labels so a name cannot become markup', () => {
      const svg = barsSvg([{ label: '<img src=x onerror=alert(1)>', value: 3 }], { width: 272, label: 'L' });
      assert.doesNotMatch(svg, /<img/);
      assert.match(svg, /&lt;img src=x onerror=alert\(1\)&gt;/);
    });
  });

  it('escapeXml escapes the five XML specials', () => {
    assert.equal(escapeXml(`<a href="x">Tom & 'Jerry'</a>`), '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });
});
