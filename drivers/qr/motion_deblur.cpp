// Motion blur on a patch of a camera frame: its direction and length, estimated from the patch,
// then undone with a Wiener filter along the blur before ZXing reads the patch again.
#include "qr/motion_deblur.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace yiwang::drivers {

namespace {

constexpr double kPi = 3.14159265358979323846;

// A smear is this much weaker along than across (the smallest over the largest eigenvalue of the
// gradients' structure tensor): a QR code's own edges run both ways equally.
constexpr double kMaxAnisotropy = 0.62;
// Blur lengths looked for, in pixels: below 3 ZXing reads the patch as it is; a longer smear
// covers too many modules to come back.
constexpr int kMaxLag = 16;
constexpr float kMinLength = 3.0F;
// The echo of the derivative along the blur, one blur length away, relative to its energy: a box
// blur gives -1/2 on an ideal step; text and single lines give little.
constexpr double kMinEcho = 0.2;
// The refinement's angles: the first estimate, and kRefineSteps steps of kRefineStep radians on
// each side of it.
constexpr int kRefineSteps = 5;
constexpr double kRefineStep = 0.02;
// ... and lags this many pixels either side of the first length (the deepest echo must fall
// inside, not on the window's edge, or the angle that pushes it inwards wins).
constexpr int kRefineLags = 3;

float at(const GrayFrame& frame, int x, int y) {
  x = std::clamp(x, 0, frame.width - 1);
  y = std::clamp(y, 0, frame.height - 1);
  return frame.pixels[static_cast<std::size_t>(y) * frame.width + x];
}

// Bilinear sample of the frame at (x, y), edges extended.
float sample(const GrayFrame& frame, float x, float y) {
  const float fx = std::floor(x);
  const float fy = std::floor(y);
  const int ix = static_cast<int>(fx);
  const int iy = static_cast<int>(fy);
  const float tx = x - fx;
  const float ty = y - fy;
  const float top = at(frame, ix, iy) * (1 - tx) + at(frame, ix + 1, iy) * tx;
  const float bottom = at(frame, ix, iy + 1) * (1 - tx) + at(frame, ix + 1, iy + 1) * tx;
  return top * (1 - ty) + bottom * ty;
}

using Complex = std::complex<float>;

// a * b without std::complex's checks for infinities (a library call per product).
Complex times(Complex a, Complex b) {
  return {a.real() * b.real() - a.imag() * b.imag(), a.real() * b.imag() + a.imag() * b.real()};
}

// In-place iterative radix-2 transforms of n values (a power of two, at most kMaxRow).
class Fft {
 public:
  explicit Fft(int n) : n_(n), twiddles_(static_cast<std::size_t>(n / 2)) {
    for (int k = 0; k < n / 2; ++k) {
      const double a = -2 * kPi * k / n;
      twiddles_[static_cast<std::size_t>(k)] = {static_cast<float>(std::cos(a)),
                                                static_cast<float>(std::sin(a))};
    }
  }
  // The inverse leaves out the division by n.
  void operator()(Complex* data, bool inverse) const {
    for (int i = 1, j = 0; i < n_; ++i) {
      int bit = n_ >> 1;
      for (; j & bit; bit >>= 1) j ^= bit;
      j ^= bit;
      if (i < j) std::swap(data[i], data[j]);
    }
    for (int half = 1; half < n_; half *= 2) {
      const int step = n_ / (2 * half);
      for (int start = 0; start < n_; start += 2 * half) {
        for (int k = 0; k < half; ++k) {
          Complex w = twiddles_[static_cast<std::size_t>(k) * static_cast<std::size_t>(step)];
          if (inverse) w = std::conj(w);
          const Complex u = data[start + k];
          const Complex v = times(data[start + k + half], w);
          data[start + k] = u + v;
          data[start + k + half] = u - v;
        }
      }
    }
  }

 private:
  int n_;
  std::vector<Complex> twiddles_;
};

}  // namespace

namespace {

// A region's central differences (zero on its border).
struct Gradients {
  int w = 0;
  int h = 0;
  std::vector<float> gx, gy;
};

Gradients gradients(const GrayFrame& frame, const Region& region) {
  Gradients g;
  g.w = region.x1 - region.x0;
  g.h = region.y1 - region.y0;
  g.gx.assign(static_cast<std::size_t>(g.w) * g.h, 0.0F);
  g.gy.assign(g.gx.size(), 0.0F);
  for (int y = 1; y + 1 < g.h; ++y) {
    for (int x = 1; x + 1 < g.w; ++x) {
      const int fx = region.x0 + x;
      const int fy = region.y0 + y;
      const std::size_t i = static_cast<std::size_t>(y) * g.w + x;
      g.gx[i] = (at(frame, fx + 1, fy) - at(frame, fx - 1, fy)) / 2;
      g.gy[i] = (at(frame, fx, fy + 1) - at(frame, fx, fy - 1)) / 2;
    }
  }
  return g;
}

// The derivative along `angle`, and its autocorrelation at lags first..last (pixels along that
// direction) relative to its energy, on every other pixel of every other row: a smear `lag` long
// gives a deep negative value there. Empty when the region has no gradient at all.
std::vector<double> echoes(const Gradients& g, double angle, int first, int last) {
  const int w = g.w;
  const int h = g.h;
  const auto c = static_cast<float>(std::cos(angle));
  const auto s = static_cast<float>(std::sin(angle));
  std::vector<float> along(g.gx.size());
  for (std::size_t i = 0; i < along.size(); ++i) along[i] = g.gx[i] * c + g.gy[i] * s;
  double energy = 0;
  long count = 0;
  for (int y = 1; y + 1 < h; y += 2) {
    for (int x = 1; x + 1 < w; x += 2) {
      const float v = along[static_cast<std::size_t>(y) * w + x];
      energy += static_cast<double>(v) * v;
      ++count;
    }
  }
  if (energy <= 0) return {};
  energy /= static_cast<double>(count);
  std::vector<double> correlation(static_cast<std::size_t>(last) + 1);
  for (int lag = std::max(1, first); lag <= last; ++lag) {
    const float ox = static_cast<float>(lag) * c;
    const float oy = static_cast<float>(lag) * s;
    double sum = 0;
    long n = 0;
    for (int y = 1; y + 1 < h; y += 2) {
      const float sy = static_cast<float>(y) + oy;
      if (sy < 1 || sy >= static_cast<float>(h - 2)) continue;
      const int iy = static_cast<int>(sy);
      const float ty = sy - static_cast<float>(iy);
      for (int x = 1; x + 1 < w; x += 2) {
        const float sx = static_cast<float>(x) + ox;
        if (sx < 1 || sx >= static_cast<float>(w - 2)) continue;
        const int ix = static_cast<int>(sx);
        const float tx = sx - static_cast<float>(ix);
        const float* p = &along[static_cast<std::size_t>(iy) * w + ix];
        const float shifted =
            (p[0] * (1 - tx) + p[1] * tx) * (1 - ty) + (p[w] * (1 - tx) + p[w + 1] * tx) * ty;
        sum += static_cast<double>(along[static_cast<std::size_t>(y) * w + x]) * shifted;
        ++n;
      }
    }
    correlation[static_cast<std::size_t>(lag)] = n > 0 ? sum / static_cast<double>(n) / energy : 0;
  }
  return correlation;
}

// The lag of the deepest echo in first..last, refined to a fraction of a pixel by the parabola
// through its neighbours; its depth in `depth`, the whole lag in `lag_found`.
double deepest(const std::vector<double>& correlation, int first, int last, double& depth,
               int& lag_found) {
  int best = first;
  for (int lag = first + 1; lag <= last; ++lag)
    if (correlation[static_cast<std::size_t>(lag)] < correlation[static_cast<std::size_t>(best)])
      best = lag;
  depth = correlation[static_cast<std::size_t>(best)];
  lag_found = best;
  double length = best;
  if (best > first && best < last) {
    const auto b = static_cast<std::size_t>(best);
    const double curve = correlation[b - 1] - 2 * correlation[b] + correlation[b + 1];
    if (curve > 0) length += 0.5 * (correlation[b - 1] - correlation[b + 1]) / curve;
  }
  return length;
}

}  // namespace

std::optional<MotionBlur> estimate_motion_blur(const GrayFrame& frame, const Region& region) {
  const int w = region.x1 - region.x0;
  const int h = region.y1 - region.y0;
  if (w < 4 * kMaxLag || h < 4 * kMaxLag || w > MotionDeblur::kMaxRow || h > MotionDeblur::kMaxRow)
    return std::nullopt;
  // The structure tensor the gradients sum to.
  const Gradients g = gradients(frame, region);
  double xx = 0;
  double yy = 0;
  double xy = 0;
  for (std::size_t i = 0; i < g.gx.size(); ++i) {
    const double dx = g.gx[i];
    const double dy = g.gy[i];
    xx += dx * dx;
    yy += dy * dy;
    xy += dx * dy;
  }
  const double mean = (xx + yy) / 2;
  const double spread = std::sqrt(std::max(0.0, (xx - yy) * (xx - yy) / 4 + xy * xy));
  if (mean + spread <= 0 || (mean - spread) / (mean + spread) > kMaxAnisotropy) return std::nullopt;
  // The gradients are strongest across the smear; it runs at right angles to them.
  double angle = 0.5 * std::atan2(2 * xy, xx - yy) + kPi / 2;
  if (angle >= kPi) angle -= kPi;
  // The derivative along the smear: a blurred step becomes a plateau as long as the blur, that
  // is two opposite edges one length apart.
  const std::vector<double> correlation = echoes(g, angle, 1, kMaxLag);
  if (correlation.empty()) return std::nullopt;
  double depth = 0;
  int lag = 0;
  const double length = deepest(correlation, 1, kMaxLag, depth, lag);
  if (depth > -kMinEcho || lag == kMaxLag) return std::nullopt;
  if (length < kMinLength) return std::nullopt;
  return MotionBlur{static_cast<float>(angle), static_cast<float>(length)};
}

MotionBlur refined_motion_blur(const GrayFrame& frame, const Region& region,
                               const MotionBlur& blur) {
  const Gradients g = gradients(frame, region);
  const int first = std::max(2, static_cast<int>(std::floor(blur.length)) - kRefineLags);
  const int last = std::min(kMaxLag, static_cast<int>(std::ceil(blur.length)) + kRefineLags);
  MotionBlur best = blur;
  double best_depth = 0;
  for (int step = -kRefineSteps; step <= kRefineSteps; ++step) {
    double angle = blur.angle + step * kRefineStep;
    if (angle < 0) angle += kPi;
    if (angle >= kPi) angle -= kPi;
    const std::vector<double> correlation = echoes(g, angle, first, last);
    if (correlation.empty()) continue;
    double depth = 0;
    int lag = 0;
    const double length = deepest(correlation, first, last, depth, lag);
    if (depth < best_depth) {
      best_depth = depth;
      best = {static_cast<float>(angle), static_cast<float>(length)};
    }
  }
  return best;
}

MotionDeblur::MotionDeblur(const GrayFrame& frame, const Region& region, const MotionBlur& blur) {
  const int w = region.x1 - region.x0;
  const int h = region.y1 - region.y0;
  const float c = std::cos(blur.angle);
  const float s = std::sin(blur.angle);
  width_ = static_cast<int>(
      std::ceil(static_cast<float>(w) * std::fabs(c) + static_cast<float>(h) * std::fabs(s)));
  height_ = static_cast<int>(
      std::ceil(static_cast<float>(w) * std::fabs(s) + static_cast<float>(h) * std::fabs(c)));
  margin_ = static_cast<int>(std::ceil(blur.length)) + 2;
  int size = 64;
  while (size < width_ + 2 * margin_ && size < kMaxRow) size *= 2;
  if (size < width_ + 2 * margin_ || height_ > kMaxRow || width_ < 8 || height_ < 8) return;
  size_ = size;
  // The region turned by -angle about its centre: row after row along the smear.
  const float cx = static_cast<float>(region.x0 + region.x1 - 1) / 2;
  const float cy = static_cast<float>(region.y0 + region.y1 - 1) / 2;
  const int pairs = (height_ + 1) / 2;
  spectra_.assign(static_cast<std::size_t>(pairs) * size_, Complex{});
  const Fft fft(size_);
  std::vector<float> row(static_cast<std::size_t>(size_));
  for (int j = 0; j < height_; ++j) {
    const float v = static_cast<float>(j) - static_cast<float>(height_ - 1) / 2;
    for (int i = 0; i < width_; ++i) {
      const float u = static_cast<float>(i) - static_cast<float>(width_ - 1) / 2;
      row[static_cast<std::size_t>(margin_) + static_cast<std::size_t>(i)] =
          sample(frame, cx + u * c - v * s, cy + u * s + v * c);
    }
    // The padding joins the row's end to its start in a straight line: the transform sees the row
    // as periodic, and a jump there would ring across the patch.
    const float first = row[static_cast<std::size_t>(margin_)];
    const float last = row[static_cast<std::size_t>(margin_ + width_ - 1)];
    const int gap = size_ - width_;
    for (int g = 0; g < gap; ++g) {
      const float t = static_cast<float>(g + 1) / static_cast<float>(gap + 1);
      row[static_cast<std::size_t>((margin_ + width_ + g) % size_)] = last + (first - last) * t;
    }
    Complex* out = &spectra_[static_cast<std::size_t>(j / 2) * size_];
    for (int k = 0; k < size_; ++k) {
      if (j % 2 == 0)
        out[k] = {row[static_cast<std::size_t>(k)], 0};
      else
        out[k] = {out[k].real(), row[static_cast<std::size_t>(k)]};
    }
  }
  for (int p = 0; p < pairs; ++p) fft(&spectra_[static_cast<std::size_t>(p) * size_], false);
}

GrayFrame MotionDeblur::deblurred(float length, float noise) const {
  if (empty()) return {};
  // The blur along a row: a box `length` long, its ends weighted by the part of a pixel they cover.
  // Centred and symmetric, so its transform is real and even, and so is the filter: it applies to
  // both rows of a pair at once.
  const int reach = std::min(static_cast<int>(std::ceil(length / 2 + 0.5F)), size_ / 2 - 1);
  std::vector<float> taps(static_cast<std::size_t>(reach) + 1);
  float total = 0;
  for (int n = 0; n <= reach; ++n) {
    taps[static_cast<std::size_t>(n)] =
        std::clamp(length / 2 + 0.5F - static_cast<float>(n), 0.0F, 1.0F);
    total += taps[static_cast<std::size_t>(n)] * (n == 0 ? 1.0F : 2.0F);
  }
  std::vector<float> filter(static_cast<std::size_t>(size_));
  for (int k = 0; k < size_; ++k) {
    double response = taps[0];
    for (int n = 1; n <= reach; ++n)
      response += 2.0 * taps[static_cast<std::size_t>(n)] * std::cos(2 * kPi * k * n / size_);
    const double gain = response / total;
    filter[static_cast<std::size_t>(k)] =
        static_cast<float>(gain / (gain * gain + noise) / size_);  // and the inverse's 1/n
  }
  const Fft fft(size_);
  std::vector<float> values(static_cast<std::size_t>(width_) * height_);
  std::vector<Complex> row(static_cast<std::size_t>(size_));
  const int pairs = (height_ + 1) / 2;
  for (int p = 0; p < pairs; ++p) {
    const Complex* in = &spectra_[static_cast<std::size_t>(p) * size_];
    for (int k = 0; k < size_; ++k)
      row[static_cast<std::size_t>(k)] = in[k] * filter[static_cast<std::size_t>(k)];
    fft(row.data(), true);
    for (int i = 0; i < width_; ++i) {
      const Complex v = row[static_cast<std::size_t>(margin_) + static_cast<std::size_t>(i)];
      values[static_cast<std::size_t>(2 * p) * width_ + i] = v.real();
      if (2 * p + 1 < height_) values[static_cast<std::size_t>(2 * p + 1) * width_ + i] = v.imag();
    }
  }
  // Stretched from the 1st to the 99th percentile: the filter's ringing clipped, the modules
  // around the middle grey, where ZXing's fixed threshold cuts.
  const auto [lowest, highest] = std::minmax_element(values.begin(), values.end());
  const float low_value = *lowest;
  const float span = std::max(*highest - low_value, 1e-3F);
  constexpr int kBins = 1024;
  std::vector<std::size_t> histogram(kBins);
  auto bin = [&](float v) {
    return std::clamp(static_cast<int>((v - low_value) / span * (kBins - 1)), 0, kBins - 1);
  };
  for (float v : values) ++histogram[static_cast<std::size_t>(bin(v))];
  const std::size_t cut = values.size() / 100;
  int low = 0;
  int high = kBins - 1;
  for (std::size_t seen = 0;
       low < kBins - 1 && (seen += histogram[static_cast<std::size_t>(low)]) <= cut;)
    ++low;
  for (std::size_t seen = 0;
       high > 0 && (seen += histogram[static_cast<std::size_t>(high)]) <= cut;)
    --high;
  const float from = low_value + span * static_cast<float>(low) / (kBins - 1);
  const float to = low_value + span * static_cast<float>(high) / (kBins - 1);
  const float scale = 255.0F / std::max(to - from, 1e-3F);
  GrayFrame out{2 * width_, 2 * height_, {}};
  out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
  for (int y = 0; y < height_; ++y) {
    std::uint8_t* even = &out.pixels[static_cast<std::size_t>(2 * y) * out.width];
    std::uint8_t* odd = even + out.width;
    for (int x = 0; x < width_; ++x) {
      const float v = (values[static_cast<std::size_t>(y) * width_ + x] - from) * scale;
      // Clamped first, so never negative: adding a half and truncating rounds to nearest.
      // NOLINTNEXTLINE(bugprone-incorrect-roundings)
      const auto grey = static_cast<std::uint8_t>(std::clamp(v, 0.0F, 255.0F) + 0.5F);
      const auto column = static_cast<std::size_t>(x) * 2;
      even[column] = even[column + 1] = odd[column] = odd[column + 1] = grey;
    }
  }
  return out;
}

}  // namespace yiwang::drivers
