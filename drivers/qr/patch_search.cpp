// Where in a camera frame a QR code could be: patches of fine texture clearly above the noise.
#include "qr/patch_search.h"

#include <algorithm>
#include <cmath>

namespace yiwang::drivers {

namespace {

constexpr int kCell = 8;
constexpr int kMinCells = 4;
constexpr std::size_t kMaxRegions = 3;
// A patch of this many cells that is too sparse or too long for a code may hide one.
constexpr int kSparseCells = 100;

}  // namespace

// The frame is cut into kCell x kCell cells; a cell is textured when its standard deviation is
// well above the frame's typical cell (the noise floor of flat background: a code covers at most
// about a third of a frame). A code is a patch of such cells: 8-connected, at least kMinCells
// across before the inside test (21 modules of 1.5 px), no more than 2.5 times longer than wide (a
// tilted square), and at least 35 % filled (a square turned 45 degrees fills half its box; text and
// edges far less). Largest patches first, at most kMaxRegions.
std::vector<Region> textured_regions(const GrayFrame& frame) {
  const int columns = frame.width / kCell;
  const int rows = frame.height / kCell;
  if (columns < kMinCells || rows < kMinCells) return {};
  const std::size_t cells = static_cast<std::size_t>(columns) * rows;
  // Two measures per cell: the deviation of its pixels (which sees modules of 1.5 px), and that
  // of its 2x2 pixel sums (which halves the sensor's noise and keeps modules of 2 px and more).
  std::vector<float> fine(cells);
  std::vector<float> coarse(cells);
  auto deviation = [](long sum, long squares, long count) {
    const auto n = static_cast<double>(count);
    const auto total = static_cast<double>(sum);
    const double variance = (static_cast<double>(squares) - total * total / n) / n;
    return static_cast<float>(std::sqrt(std::max(0.0, variance)));
  };
  for (int cy = 0; cy < rows; ++cy) {
    for (int cx = 0; cx < columns; ++cx) {
      long sum = 0;
      long squares = 0;
      long binned_squares = 0;
      for (int y = cy * kCell; y < (cy + 1) * kCell; y += 2) {
        const std::uint8_t* p = frame.pixels.data() + static_cast<std::size_t>(y) * frame.width +
                                static_cast<std::size_t>(cx) * kCell;
        const std::uint8_t* q = p + frame.width;
        for (int x = 0; x < kCell; x += 2) {
          const long v = p[x] + p[x + 1] + q[x] + q[x + 1];
          sum += v;
          squares += p[x] * p[x] + p[x + 1] * p[x + 1] + q[x] * q[x] + q[x + 1] * q[x + 1];
          binned_squares += v * v;
        }
      }
      const std::size_t i = static_cast<std::size_t>(cy) * columns + cx;
      // Shot noise grows with the square root of brightness: a bright glare is not a texture.
      const float noise_scale = std::sqrt(static_cast<float>(sum) / (kCell * kCell) + 16.0F);
      constexpr long kPixels = static_cast<long>(kCell) * kCell;
      fine[i] = deviation(sum, squares, kPixels) / noise_scale;
      coarse[i] = deviation(sum, binned_squares, kPixels / 4) / 4 / noise_scale;
    }
  }
  // Each measure's threshold follows its median cell: flat background, whose deviation is noise.
  auto threshold = [cells](std::vector<float> values, float factor, float offset) {
    std::nth_element(values.begin(), values.begin() + static_cast<long>(cells / 2), values.end());
    const float floor = values[cells / 2];
    return std::max(factor * floor, floor + offset);
  };
  const float fine_threshold = threshold(fine, 2.5F, 0.5F);
  const float coarse_threshold = threshold(coarse, 1.8F, 0.25F);
  std::vector<std::uint8_t> textured(cells);
  for (std::size_t i = 0; i < cells; ++i)
    textured[i] = fine[i] > fine_threshold || coarse[i] > coarse_threshold ? 1 : 0;
  struct Patch {
    int x0, y0, x1, y1;  // cells, inclusive
    int count;
  };
  std::vector<Patch> patches;
  std::vector<std::uint8_t> state(cells);  // 0 not inside, 1 inside, 2 already in a patch
  std::vector<std::size_t> queue;  // an explicit queue: no recursion on what the camera sees
  // Only the inside of a textured area counts (a cell with at least `least` of its 8 neighbours
  // textured): edges, lines and shadow borders through or beside a code would otherwise join it
  // into one long patch. Large patches too sparse or too long for a code go into `sparse`; with
  // `within`, only patches inside one of those count.
  std::vector<Patch> sparse;
  auto label = [&](int least, bool within) {
    std::fill(state.begin(), state.end(), 0);
    for (int cy = 1; cy + 1 < rows; ++cy) {
      for (int cx = 1; cx + 1 < columns; ++cx) {
        const std::size_t i = static_cast<std::size_t>(cy) * columns + cx;
        if (!textured[i]) continue;
        int neighbours = 0;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx)
            neighbours += textured[i + static_cast<std::size_t>(dy * columns + dx)];
        state[i] = neighbours - 1 >= least ? 1 : 0;
      }
    }
    for (std::size_t start = 0; start < cells; ++start) {
      if (state[start] != 1) continue;
      Patch patch{columns, rows, -1, -1, 0};
      queue.assign(1, start);
      state[start] = 2;
      for (std::size_t q = 0; q < queue.size(); ++q) {
        const int cx = static_cast<int>(queue[q] % columns);
        const int cy = static_cast<int>(queue[q] / columns);
        patch.x0 = std::min(patch.x0, cx);
        patch.y0 = std::min(patch.y0, cy);
        patch.x1 = std::max(patch.x1, cx);
        patch.y1 = std::max(patch.y1, cy);
        ++patch.count;
        for (int dy = -1; dy <= 1; ++dy) {
          for (int dx = -1; dx <= 1; ++dx) {
            const int nx = cx + dx;
            const int ny = cy + dy;
            if (nx < 0 || ny < 0 || nx >= columns || ny >= rows) continue;
            const std::size_t n = static_cast<std::size_t>(ny) * columns + nx;
            if (state[n] != 1) continue;
            state[n] = 2;
            queue.push_back(n);
          }
        }
      }
      const int w = patch.x1 - patch.x0 + 1;
      const int h = patch.y1 - patch.y0 + 1;
      if (std::min(w, h) < kMinCells - 2 || std::max(w, h) * 2 > std::min(w, h) * 5 ||
          patch.count * 20 < w * h * 7) {
        if (!within && patch.count >= kSparseCells) sparse.push_back(patch);
        continue;
      }
      if (within && std::none_of(sparse.begin(), sparse.end(), [&](const Patch& p) {
            return p.x0 <= patch.x0 && patch.x1 <= p.x1 && p.y0 <= patch.y0 && patch.y1 <= p.y1;
          }))
        continue;
      // Found again by the stricter pass: already there.
      const bool known =
          within && std::any_of(patches.begin(), patches.end(), [&](const Patch& p) {
            return patch.x0 <= p.x1 && p.x0 <= patch.x1 && patch.y0 <= p.y1 && p.y0 <= patch.y1;
          });
      if (!known) patches.push_back(patch);
    }
  };
  // A code joined to a glare's or a card's edges makes one large sparse patch; with all eight
  // neighbours required, the edges (a cell or two wide) fall away and the code stands alone.
  auto largest_first = [&](std::size_t from, std::size_t most) {
    std::stable_sort(patches.begin() + static_cast<long>(from), patches.end(),
                     [](const Patch& a, const Patch& b) { return a.count > b.count; });
    if (patches.size() > from + most) patches.resize(from + most);
  };
  label(6, false);
  largest_first(0, kMaxRegions);
  // After the others, so that the usual largest patch keeps its place: at most one more.
  if (!sparse.empty()) {
    const std::size_t found = patches.size();
    label(8, true);
    largest_first(found, 1);
  }
  std::vector<Region> regions;
  regions.reserve(patches.size());
  for (const auto& p : patches) {
    // Two cells of margin: the ring the inside test took off, and the code's quiet zone.
    regions.push_back({std::max(0, (p.x0 - 2) * kCell), std::max(0, (p.y0 - 2) * kCell),
                       std::min(frame.width, (p.x1 + 3) * kCell),
                       std::min(frame.height, (p.y1 + 3) * kCell)});
  }
  return regions;
}

}  // namespace yiwang::drivers
