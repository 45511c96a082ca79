// PNG -> 8-bit grey -> ZBar, through the declarations of support/zbar_api.h.
#include <SDL.h>
#include <SDL_image.h>

#include <vector>

#include "support/qr_decode.h"
#include "support/zbar_api.h"

namespace yiwang::test {

std::string decode_qr_png_zbar(const std::string& path) {
  SDL_Surface* loaded = IMG_Load(path.c_str());
  if (!loaded) return "";
  SDL_Surface* argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(loaded);
  if (!argb) return "";
  // ZBar takes 8-bit grey ("Y800").
  std::vector<unsigned char> grey(static_cast<std::size_t>(argb->w) * argb->h);
  for (int y = 0; y < argb->h; ++y) {
    const auto* row = static_cast<const Uint32*>(argb->pixels) + y * (argb->pitch / 4);
    for (int x = 0; x < argb->w; ++x) {
      const Uint32 p = row[x];
      grey[static_cast<std::size_t>(y) * argb->w + x] = static_cast<unsigned char>(
          (((p >> 16) & 0xFF) * 30 + ((p >> 8) & 0xFF) * 59 + (p & 0xFF) * 11) / 100);
    }
  }
  const int width = argb->w;
  const int height = argb->h;
  SDL_FreeSurface(argb);
  return decode_qr_grey_zbar(grey.data(), width, height);
}

std::string decode_qr_grey_zbar(const unsigned char* grey, int width, int height) {
  zbar_image_scanner_s* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, zbar::kSymbologyNone, zbar::kConfigEnable, 0);
  zbar_image_scanner_set_config(scanner, zbar::kSymbologyQr, zbar::kConfigEnable, 1);
  zbar_image_scanner_set_config(scanner, zbar::kSymbologyQr, zbar::kConfigBinary, 1);
  zbar_image_s* image = zbar_image_create();
  zbar_image_set_format(image, zbar::kFormatGrey);
  zbar_image_set_size(image, static_cast<unsigned>(width), static_cast<unsigned>(height));
  zbar_image_set_data(image, grey, static_cast<unsigned long>(width) * height, nullptr);
  std::string text;
  if (zbar_scan_image(scanner, image) > 0) {
    const zbar_symbol_s* symbol = zbar_image_first_symbol(image);
    text.assign(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
  }
  zbar_image_destroy(image);
  zbar_image_scanner_destroy(scanner);
  return text;
}

}  // namespace yiwang::test
