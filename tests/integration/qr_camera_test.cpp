// Camera QR decoding over the generated corpus: a minimum decode rate for every category and no
// misread at all; and the camera scanner driver over a file source: each code reported once per
// appearance, a missing source reported noDevice.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "qr/camera_scanner.h"
#include "qr/frame_decoder.h"
#include "qr/motion_deblur.h"
#include "qr/patch_scaling.h"
#include "qr/patch_search.h"
#include "support/event_log.h"
#include "support/qr_corpus.h"

using namespace yiwang::drivers;
using yiwang::test::EventLog;

TEST_CASE("the corpus decodes at the minimum rate per category, with zero misreads") {
  const auto corpus = yiwang::test::make_qr_corpus(8);
  REQUIRE(corpus.size() == 8 * yiwang::test::kCorpusCategories.size());
  std::map<std::string, int> decoded;
  int misreads = 0;
  for (const auto& image : corpus) {
    const auto codes = decode_qr_codes(image.frame);
    if (image.content.empty()) {  // a frame with no code: right when nothing is found
      decoded[image.category] += codes.empty();
      misreads += static_cast<int>(codes.size());
      continue;
    }
    for (const auto& code : codes) {
      if (code == image.content) {
        ++decoded[image.category];
      } else {
        ++misreads;
      }
    }
  }
  CHECK(misreads == 0);
  // Measured rates are in the closing notes of issues 3 and 12 (bench/qr_camera_bench.cpp); these
  // floors sit below them so the test fails on a real regression, not on one unlucky frame.
  // "small" and "url_small" rely on the upscaled retries (issue 12: 31/34 and 32/34 without them).
  const std::map<std::string, int> floor{{"clean", 8},
                                         {"small", 7},
                                         {"rotated", 8},
                                         {"blurred", 6},
                                         {"noisy", 6},
                                         {"low_contrast", 7},
                                         {"scene", 7},
                                         {"perspective", 7},
                                         {"url_small", 6},
                                         {"json_300", 6},
                                         {"small_blurred_noisy", 5},
                                         {"empty", 8}};
  // Small modules are 1.6 to 2.2 pixels each: at the edge of what any decoder resolves.
  int total = 0;
  for (const auto& [category, minimum] : floor) {
    CAPTURE(category);
    CHECK(decoded[category] >= minimum);
    total += decoded[category];
  }
  CHECK(total >= 93);  // of 96 (96 today; the 408-frame bench: 408)
}

// The frame smeared along `angle` over `length` pixels (a hand moving while the shutter is open):
// the mean of 33 bilinear samples along the smear.
GrayFrame smeared(const GrayFrame& frame, double angle, double length) {
  GrayFrame out{frame.width, frame.height, std::vector<std::uint8_t>(frame.pixels.size())};
  auto at = [&](int x, int y) {
    x = std::clamp(x, 0, frame.width - 1);
    y = std::clamp(y, 0, frame.height - 1);
    return static_cast<double>(frame.pixels[static_cast<std::size_t>(y) * frame.width + x]);
  };
  constexpr int kSteps = 33;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width; ++x) {
      double sum = 0;
      for (int k = 0; k < kSteps; ++k) {
        const double t = length * (static_cast<double>(k) / (kSteps - 1) - 0.5);
        const double sx = x + t * std::cos(angle);
        const double sy = y + t * std::sin(angle);
        const int ix = static_cast<int>(std::floor(sx));
        const int iy = static_cast<int>(std::floor(sy));
        const double fx = sx - ix;
        const double fy = sy - iy;
        sum += (at(ix, iy) * (1 - fx) + at(ix + 1, iy) * fx) * (1 - fy) +
               (at(ix, iy + 1) * (1 - fx) + at(ix + 1, iy + 1) * fx) * fy;
      }
      out.pixels[static_cast<std::size_t>(y) * frame.width + x] =
          static_cast<std::uint8_t>(std::lround(sum / kSteps));
    }
  }
  return out;
}

TEST_CASE("a motion-blurred code: the smear is measured, undone, and the code read") {
  const auto corpus = yiwang::test::make_qr_corpus(1);
  const auto& clean = corpus[2];  // "rotated": a sharp code, turned, modules of a few pixels
  REQUIRE(clean.category == "rotated");
  REQUIRE(decode_qr_codes(clean.frame) == std::vector<std::string>{clean.content});
  constexpr double kAngle = 0.5;  // radians
  constexpr double kLength = 11;  // pixels
  const GrayFrame blurred = smeared(clean.frame, kAngle, kLength);
  const auto regions = textured_regions(blurred);
  REQUIRE(!regions.empty());
  const auto blur = estimate_motion_blur(blurred, regions.front());
  REQUIRE(blur.has_value());
  CHECK(std::fabs(blur->angle - kAngle) < 0.1);
  CHECK(std::fabs(blur->length - kLength) < 1.5);
  CHECK(decode_qr_codes(blurred) == std::vector<std::string>{clean.content});
  // A sharp code is not taken for a smeared one.
  const auto sharp = textured_regions(clean.frame);
  REQUIRE(!sharp.empty());
  CHECK(!estimate_motion_blur(clean.frame, sharp.front()).has_value());
}

TEST_CASE(
    "a smear's angle estimated again from its echo: near the smear, within 0.1 rad of the start") {
  // Random dark and light squares of 3 px (a code's modules without its finder patterns), smeared
  // 8 px along several angles.
  GrayFrame squares{320, 320, std::vector<std::uint8_t>(320 * 320)};
  unsigned state = 7;
  std::vector<bool> dark(107 * 107);
  for (std::size_t i = 0; i < dark.size(); ++i) {
    state = state * 1103515245U + 12345U;
    dark[i] = ((state >> 16) & 1U) != 0;
  }
  for (int y = 0; y < 320; ++y)
    for (int x = 0; x < 320; ++x)
      squares.pixels[static_cast<std::size_t>(y) * 320 + x] =
          dark[static_cast<std::size_t>(y / 3) * 107 + x / 3] ? 40 : 210;
  const Region inside{16, 16, 304, 304};
  constexpr double kLength = 8;
  double error = 0;
  int count = 0;
  for (const double angle : {0.3, 0.8, 1.5, 2.2, 2.8}) {
    const GrayFrame blurred = smeared(squares, angle, kLength);
    for (const double start : {angle - 0.08, angle + 0.08}) {
      CAPTURE(angle);
      CAPTURE(start);
      const MotionBlur guess{static_cast<float>(start), static_cast<float>(kLength)};
      const MotionBlur refined = refined_motion_blur(blurred, inside, guess);
      // As near the smear as the gradients' estimate is (0.08 off here), and never further than
      // 0.1 from where it started.
      CHECK(std::fabs(refined.angle - angle) <= 0.081);
      CHECK(std::fabs(refined.angle - start) <= 0.101);
      CHECK(std::fabs(refined.length - kLength) < 1.0);
      error += std::fabs(refined.angle - angle);
      ++count;
    }
  }
  // On the whole nearer than it started (0.044 rad when written).
  CHECK(error / count < 0.06);
}

TEST_CASE("softened: 1-2-1 along rows and columns, edges repeated, noise halved, modules kept") {
  // One bright pixel on black spreads as the kernel's outer product, in sixteenths.
  GrayFrame dot{40, 5, std::vector<std::uint8_t>(200, 0)};
  dot.pixels[2 * 40 + 20] = 160;
  const GrayFrame spread = softened(dot);
  REQUIRE(spread.width == 40);
  REQUIRE(spread.height == 5);
  auto at = [](const GrayFrame& f, int x, int y) {
    return static_cast<int>(f.pixels[static_cast<std::size_t>(y) * f.width + x]);
  };
  CHECK(at(spread, 20, 2) == 40);  // 160 * 4 / 16
  CHECK(at(spread, 19, 2) == 20);
  CHECK(at(spread, 21, 2) == 20);
  CHECK(at(spread, 20, 1) == 20);
  CHECK(at(spread, 20, 3) == 20);
  CHECK(at(spread, 19, 1) == 10);
  CHECK(at(spread, 21, 3) == 10);
  CHECK(at(spread, 22, 2) == 0);
  CHECK(at(spread, 20, 0) == 0);
  // The edges repeat: a corner pixel weighs 9/16 on itself, 3/16 on each neighbour.
  GrayFrame corner{33, 3, std::vector<std::uint8_t>(99, 0)};
  corner.pixels[0] = 160;
  const GrayFrame soft_corner = softened(corner);
  CHECK(at(soft_corner, 0, 0) == 90);
  CHECK(at(soft_corner, 1, 0) == 30);
  CHECK(at(soft_corner, 0, 1) == 30);
  CHECK(at(soft_corner, 32, 2) == 0);
  // Noise: a flat grey field with +-20 checkerboard-free noise loses more than half its spread;
  // stripes of 2 px (the finest modules the first pass reads) keep most of their contrast.
  GrayFrame noisy{64, 64, std::vector<std::uint8_t>(64 * 64)};
  GrayFrame stripes = noisy;
  unsigned state = 12345;
  for (std::size_t i = 0; i < noisy.pixels.size(); ++i) {
    state = state * 1103515245U + 12345U;
    noisy.pixels[i] = static_cast<std::uint8_t>(108 + (state >> 16) % 41);  // 108..148
    stripes.pixels[i] = (i % 64) / 2 % 2 == 0 ? 40 : 200;
  }
  auto deviation = [](const GrayFrame& f) {
    double sum = 0;
    double squares = 0;
    for (const auto v : f.pixels) {
      sum += v;
      squares += static_cast<double>(v) * v;
    }
    const double n = static_cast<double>(f.pixels.size());
    return std::sqrt(squares / n - (sum / n) * (sum / n));
  };
  CHECK(deviation(softened(noisy)) < 0.5 * deviation(noisy));
  const GrayFrame soft_stripes = softened(stripes);
  for (int x = 4; x < 60; ++x) {
    CAPTURE(x);
    CHECK((x / 2 % 2 == 0 ? at(soft_stripes, x, 30) <= 80 : at(soft_stripes, x, 30) >= 160));
  }
}

TEST_CASE("hostile frames: wrong sizes, odd shapes and pure noise give no code and stay bounded") {
  // A frame that claims more pixels than it has, or more than a 4K camera sends: refused.
  CHECK(decode_qr_codes(GrayFrame{1280, 720, std::vector<std::uint8_t>(1280 * 719)}).empty());
  CHECK(decode_qr_codes(GrayFrame{100000, 100000, {}}).empty());
  CHECK(decode_qr_codes(GrayFrame{-1, 720, {}}).empty());
  // Tiny, one-pixel-wide and odd-sized frames go through every pass without reading outside.
  for (const auto& [width, height] : std::vector<std::pair<int, int>>{
           {1, 1}, {1, 720}, {1280, 1}, {7, 9}, {33, 31}, {641, 359}}) {
    CAPTURE(width);
    CAPTURE(height);
    GrayFrame frame{width, height,
                    std::vector<std::uint8_t>(static_cast<std::size_t>(width) * height)};
    for (std::size_t i = 0; i < frame.pixels.size(); ++i)
      frame.pixels[i] = static_cast<std::uint8_t>((i * 7919U) % 251U);
    CHECK(decode_qr_codes(frame).empty());
  }
  // Noise over the whole frame (every cell textured) and a checkerboard of 8x8 squares: no code.
  GrayFrame noise{1280, 720, std::vector<std::uint8_t>(1280 * 720)};
  std::uint32_t state = 12345;
  for (auto& p : noise.pixels) {
    state = state * 1664525U + 1013904223U;
    p = static_cast<std::uint8_t>(state >> 24);
  }
  CHECK(decode_qr_codes(noise).empty());
  GrayFrame board{1280, 720, std::vector<std::uint8_t>(1280 * 720)};
  for (int y = 0; y < 720; ++y)
    for (int x = 0; x < 1280; ++x)
      board.pixels[static_cast<std::size_t>(y) * 1280 + x] = ((x / 8 + y / 8) % 2) != 0 ? 255 : 0;
  CHECK(decode_qr_codes(board).empty());
}

TEST_CASE("the camera scanner reports each code once while it stays in view") {
  const auto corpus = yiwang::test::make_qr_corpus(1);
  const auto dir =
      std::filesystem::temp_directory_path() / ("yiwang-camera-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  // The same code in three frames, then another code.
  for (int i = 0; i < 3; ++i)
    REQUIRE(write_pgm((dir / ("f0" + std::to_string(i) + ".pgm")).string(), corpus[0].frame));
  REQUIRE(write_pgm((dir / "f10.pgm").string(), corpus[2].frame));
  EventLog<ScanEvent> log;
  {
    CameraScanner camera(make_file_source(dir.string(), false), log.listener());
    camera.start();
    auto scanned = [](const ScanEvent& e) { return e.kind == ScanEvent::Kind::scanned; };
    REQUIRE(log.wait(scanned, 2, 10000));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(log.count(scanned) == 2);
    const auto all = log.all();
    std::vector<std::string> codes;
    for (const auto& e : all)
      if (e.kind == ScanEvent::Kind::scanned) codes.push_back(e.code);
    REQUIRE(codes.size() == 2);
    CHECK(codes[0] == corpus[0].content);
    CHECK(codes[1] == corpus[2].content);
  }
  std::filesystem::remove_all(dir);
  EventLog<ScanEvent> missing;
  CameraScanner camera(make_file_source("/nonexistent/frames", false), missing.listener());
  camera.start();
  REQUIRE(missing.wait([](const ScanEvent& e) {
    return e.kind == ScanEvent::Kind::statusChanged && e.status.state == DeviceState::noDevice;
  }));
}

TEST_CASE("PGM files: written and read back; malformed ones refused") {
  GrayFrame frame{3, 2, {1, 2, 3, 4, 5, 6}};
  const auto path = std::filesystem::temp_directory_path() / "yiwang-frame.pgm";
  REQUIRE(write_pgm(path.string(), frame));
  auto back = read_pgm(path.string());
  REQUIRE(back);
  CHECK(back.value().pixels == frame.pixels);
  {
    std::ofstream out(path, std::ios::binary);
    out << "P6\n3 2\n255\n";
  }
  CHECK_FALSE(read_pgm(path.string()));
  std::filesystem::remove(path);
}
