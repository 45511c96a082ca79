// Corpus drawing: a QR module matrix from ZXing's writer, placed through an inverse mapping
// (similarity or homography) with bilinear sampling, then degraded.
#include "support/qr_corpus.h"

#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

namespace yiwang::test {

namespace {

constexpr int kWidth = 1280;
constexpr int kHeight = 720;

struct Modules {
  int size = 0;  // modules per side, quiet zone of 4 included
  std::vector<std::uint8_t> dark;
  bool at(double u, double v) const {  // u, v in module units
    const int x = static_cast<int>(std::floor(u));
    const int y = static_cast<int>(std::floor(v));
    if (x < 0 || y < 0 || x >= size || y >= size) return false;
    return dark[static_cast<std::size_t>(y) * size + x] != 0;
  }
};

Modules modules_of(const std::string& text) {
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
  writer.setEncoding(ZXing::CharacterSet::UTF8).setMargin(0).setEccLevel(3);  // M
  const ZXing::BitMatrix matrix = writer.encode(text, 0, 0);
  Modules m;
  m.size = matrix.width() + 8;
  m.dark.assign(static_cast<std::size_t>(m.size) * m.size, 0);
  for (int y = 0; y < matrix.height(); ++y)
    for (int x = 0; x < matrix.width(); ++x)
      m.dark[static_cast<std::size_t>(y + 4) * m.size + (x + 4)] = matrix.get(x, y) ? 1 : 0;
  return m;
}

// Maps a frame pixel to code coordinates (module units); a 3x3 homography, row-major.
using Homography = std::array<double, 9>;

Homography invert(const Homography& h) {
  const double a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7],
               i = h[8];
  const double det = a * (e * i - f * k) - b * (d * i - f * g) + c * (d * k - e * g);
  return {(e * i - f * k) / det, (c * k - b * i) / det, (b * f - c * e) / det,
          (f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det,
          (d * k - e * g) / det, (b * g - a * k) / det, (a * e - b * d) / det};
}

// The homography taking the code's corners (0,0) (s,0) (s,s) (0,s) to four frame points.
Homography square_to_quad(double s, const std::array<std::pair<double, double>, 4>& q) {
  // Unit square to quad (Heckbert), then scale the square by 1/s.
  const double x0 = q[0].first, y0 = q[0].second, x1 = q[1].first, y1 = q[1].second;
  const double x2 = q[2].first, y2 = q[2].second, x3 = q[3].first, y3 = q[3].second;
  const double sx = x0 - x1 + x2 - x3, sy = y0 - y1 + y2 - y3;
  const double dx1 = x1 - x2, dx2 = x3 - x2, dy1 = y1 - y2, dy2 = y3 - y2;
  double g = 0, h = 0;
  if (std::abs(sx) > 1e-9 || std::abs(sy) > 1e-9) {
    const double den = dx1 * dy2 - dx2 * dy1;
    g = (sx * dy2 - dx2 * sy) / den;
    h = (dx1 * sy - sx * dy1) / den;
  }
  const Homography unit{
      x1 - x0 + g * x1, x3 - x0 + h * x3, x0, y1 - y0 + g * y1, y3 - y0 + h * y3, y0, g, h, 1};
  Homography scaled = unit;
  for (int r = 0; r < 3; ++r) {
    scaled[r * 3 + 0] /= s;
    scaled[r * 3 + 1] /= s;
  }
  return scaled;
}

void draw(drivers::GrayFrame& frame, const Modules& m,
          const std::array<std::pair<double, double>, 4>& quad, std::uint8_t dark,
          std::uint8_t light) {
  const Homography to_code = invert(square_to_quad(m.size, quad));
  double min_x = kWidth, min_y = kHeight, max_x = 0, max_y = 0;
  for (const auto& [x, y] : quad) {
    min_x = std::min(min_x, x);
    min_y = std::min(min_y, y);
    max_x = std::max(max_x, x);
    max_y = std::max(max_y, y);
  }
  // 4x supersampling per pixel: edges come out grey, as through a lens.
  for (int y = std::max(0, static_cast<int>(min_y));
       y < std::min(kHeight, static_cast<int>(max_y) + 2); ++y) {
    for (int x = std::max(0, static_cast<int>(min_x));
         x < std::min(kWidth, static_cast<int>(max_x) + 2); ++x) {
      int inside = 0, darks = 0;
      for (int sy = 0; sy < 2; ++sy) {
        for (int sx = 0; sx < 2; ++sx) {
          const double px = x + 0.25 + 0.5 * sx, py = y + 0.25 + 0.5 * sy;
          const double w = to_code[6] * px + to_code[7] * py + to_code[8];
          const double u = (to_code[0] * px + to_code[1] * py + to_code[2]) / w;
          const double v = (to_code[3] * px + to_code[4] * py + to_code[5]) / w;
          if (u < 0 || v < 0 || u >= m.size || v >= m.size) continue;
          ++inside;
          darks += m.at(u, v) ? 1 : 0;
        }
      }
      if (inside == 0) continue;
      std::uint8_t& pixel = frame.pixels[static_cast<std::size_t>(y) * kWidth + x];
      const double code_value =
          (darks * dark + (inside - darks) * light) / static_cast<double>(inside);
      pixel = static_cast<std::uint8_t>((code_value * inside + pixel * (4 - inside)) / 4.0 + 0.5);
    }
  }
}

void box_blur(drivers::GrayFrame& frame, int radius) {
  std::vector<std::uint8_t> tmp(frame.pixels.size());
  const int n = 2 * radius + 1;
  for (int pass = 0; pass < 2; ++pass) {  // horizontal then vertical; twice is close to Gaussian
    for (int y = 0; y < kHeight; ++y) {
      for (int x = 0; x < kWidth; ++x) {
        int sum = 0;
        for (int k = -radius; k <= radius; ++k) {
          const int xx = std::clamp(x + k, 0, kWidth - 1);
          sum += frame.pixels[static_cast<std::size_t>(y) * kWidth + xx];
        }
        tmp[static_cast<std::size_t>(y) * kWidth + x] = static_cast<std::uint8_t>(sum / n);
      }
    }
    for (int y = 0; y < kHeight; ++y) {
      for (int x = 0; x < kWidth; ++x) {
        int sum = 0;
        for (int k = -radius; k <= radius; ++k) {
          const int yy = std::clamp(y + k, 0, kHeight - 1);
          sum += tmp[static_cast<std::size_t>(yy) * kWidth + x];
        }
        frame.pixels[static_cast<std::size_t>(y) * kWidth + x] = static_cast<std::uint8_t>(sum / n);
      }
    }
  }
}

// A desk under a camera: a gradient, boxes and stripes that look like paper and print.
void clutter(drivers::GrayFrame& frame, std::mt19937& rng) {
  std::uniform_int_distribution<int> shade(40, 230), px(0, kWidth - 1), py(0, kHeight - 1),
      extent(20, 300);
  for (int y = 0; y < kHeight; ++y)
    for (int x = 0; x < kWidth; ++x)
      frame.pixels[static_cast<std::size_t>(y) * kWidth + x] =
          static_cast<std::uint8_t>(90 + 60 * x / kWidth + 40 * y / kHeight);
  for (int i = 0; i < 40; ++i) {
    const int x0 = px(rng), y0 = py(rng), w = extent(rng), h = extent(rng) / 2;
    const auto value = static_cast<std::uint8_t>(shade(rng));
    const bool striped = i % 3 == 0;
    for (int y = y0; y < std::min(kHeight, y0 + h); ++y)
      for (int x = x0; x < std::min(kWidth, x0 + w); ++x)
        if (!striped || (y / 3) % 2 == 0)
          frame.pixels[static_cast<std::size_t>(y) * kWidth + x] = value;
  }
}

std::string content_for(int index, std::mt19937& rng) {
  static const char* names[] = {"张三", "李四", "王小明", "欧阳娜娜", "陈大文", "玛丽亚", "赵六"};
  static const char* ids[] = {"11010519491231002X", "46010819850101002X", "932682198501010017",
                              "911124198108030024"};
  std::uniform_int_distribution<int> digit(0, 9);
  if (index % 3 == 0) {
    std::string id = "HN2026112";
    for (int i = 0; i < 9; ++i) id.push_back(static_cast<char>('0' + digit(rng)));
    return "YWTRACK:1:C:" + id;
  }
  if (index % 3 == 1) {
    std::string seq;
    for (int i = 0; i < 4; ++i) seq.push_back(static_cast<char>('0' + digit(rng)));
    return "YWTRACK:1:L:T4601050001-20261122-" + seq;
  }
  return std::string("EID1:") + ids[index % 4] + ":" + names[index % 7];
}

// A 60-byte URL, as a government service's link would be.
std::string url_for(int index, std::mt19937& rng) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string url = "https://zwfw.hainan.gov.cn/s/q?id=HN2026112";
  for (int i = 0; i < 9; ++i) url.push_back(static_cast<char>('0' + digit(rng)));
  url += "&k=" + std::to_string(1000 + index % 9000);
  url.resize(60, 'x');
  return url;
}

// About 300 bytes of UTF-8 JSON (Chinese text counts three bytes a character).
std::string json_for(int index, std::mt19937& rng) {
  std::uniform_int_distribution<int> digit(0, 9);
  std::string number;
  for (int i = 0; i < 9; ++i) number.push_back(static_cast<char>('0' + digit(rng)));
  std::string json = "{\"v\":1,\"case\":\"HN2026112" + number +
                     "\",\"item\":\"户籍证明开具\",\"centre\":\"海口市美兰区政务服务中心\","
                     "\"promised\":\"2026-11-23\",\"fee\":\"￥20.00\",\"n\":" +
                     std::to_string(index) + ",\"note\":\"请携带身份证原件到窗口领取\",\"pad\":\"";
  while (json.size() < 296) json.push_back(static_cast<char>('a' + digit(rng)));
  return json + "\"}";
}

}  // namespace

std::vector<CorpusImage> make_qr_corpus(int per_category, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<CorpusImage> corpus;
  int index = 0;
  for (const std::string& category : kCorpusCategories) {
    for (int n = 0; n < per_category; ++n, ++index) {
      CorpusImage image;
      image.category = category;
      image.content = content_for(index, rng);
      if (category == "url_small") image.content = url_for(index, rng);
      if (category == "json_300") image.content = json_for(index, rng);
      if (category == "empty") {
        image.content.clear();
        image.frame.width = kWidth;
        image.frame.height = kHeight;
        image.frame.pixels.assign(static_cast<std::size_t>(kWidth) * kHeight, 200);
        clutter(image.frame, rng);
        for (auto& p : image.frame.pixels)
          p = static_cast<std::uint8_t>(std::clamp(p + gauss(rng) * 8.0, 0.0, 255.0));
        corpus.push_back(std::move(image));
        continue;
      }
      const Modules m = modules_of(image.content);
      drivers::GrayFrame& frame = image.frame;
      frame.width = kWidth;
      frame.height = kHeight;
      frame.pixels.assign(static_cast<std::size_t>(kWidth) * kHeight, 235);
      std::uint8_t dark = 25, light = 235;
      // Size of the code on the frame in pixels, and where it is.
      double side = 400;
      double angle = 0;
      if (category == "small") side = m.size * (1.6 + 0.6 * unit(rng));  // 1.6-2.2 px per module
      if (category == "url_small") side = m.size * (1.8 + 0.6 * unit(rng));  // 1.8-2.4 px
      if (category == "small_blurred_noisy") side = m.size * (3.5 + 1.0 * unit(rng));
      if (category == "json_300") side = m.size * (2.6 + 1.0 * unit(rng));
      if (category == "rotated") angle = unit(rng) * 2 * M_PI;
      if (category == "scene") {
        clutter(frame, rng);
        side = 160 + 100 * unit(rng);
        angle = (unit(rng) - 0.5) * 0.6;
      }
      if (category == "low_contrast") {
        dark = static_cast<std::uint8_t>(120 + 10 * unit(rng));
        light = static_cast<std::uint8_t>(dark + 30 + 10 * unit(rng));
        std::fill(frame.pixels.begin(), frame.pixels.end(), light);
      }
      const double cx = side / 2 + 40 + unit(rng) * (kWidth - side - 80);
      const double cy = side / 2 + 40 + unit(rng) * std::max(1.0, kHeight - side - 80);
      std::array<std::pair<double, double>, 4> quad;
      const double c = std::cos(angle) * side / 2, s = std::sin(angle) * side / 2;
      quad = {{{cx - c + s, cy - s - c},
               {cx + c + s, cy + s - c},
               {cx + c - s, cy + s + c},
               {cx - c - s, cy - s + c}}};
      if (category == "perspective") {
        // Tilted away from the camera: one edge shorter, the code foreshortened.
        const double squeeze = 0.55 + 0.25 * unit(rng);
        const double top = side * squeeze / 2, bottom = side / 2,
                     h = side * (0.7 + 0.2 * unit(rng)) / 2;
        const bool flip = n % 2 == 0;
        quad = {{{cx - (flip ? top : bottom), cy - h},
                 {cx + (flip ? top : bottom), cy - h},
                 {cx + (flip ? bottom : top), cy + h},
                 {cx - (flip ? bottom : top), cy + h}}};
      }
      draw(frame, m, quad, dark, light);
      if (category == "blurred") box_blur(frame, 2 + n % 2);  // about sigma 2.5-3.5 px
      if (category == "small_blurred_noisy") box_blur(frame, 1);
      if (category == "noisy" || category == "scene" || category == "small_blurred_noisy" ||
          category == "json_300") {
        const double sigma = category == "noisy" ? 28.0 : category == "json_300" ? 12.0 : 8.0;
        for (auto& p : frame.pixels)
          p = static_cast<std::uint8_t>(std::clamp(p + gauss(rng) * sigma, 0.0, 255.0));
      }
      corpus.push_back(std::move(image));
    }
  }
  return corpus;
}

}  // namespace yiwang::test
