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
  CHECK(total >= 90);  // of 96 (the 408-frame bench: 404)
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
