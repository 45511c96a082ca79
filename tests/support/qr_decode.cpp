// PNG -> ARGB8888 surface (SDL_image) -> ZXing ImageView (BGRX bytes on little-endian).
#include "support/qr_decode.h"

#include <SDL.h>
#include <SDL_image.h>
#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

namespace yiwang::test {

std::string decode_qr_png(const std::string& path) {
  SDL_Surface* loaded = IMG_Load(path.c_str());
  if (!loaded) return "";
  SDL_Surface* argb = SDL_ConvertSurfaceFormat(loaded, SDL_PIXELFORMAT_ARGB8888, 0);
  SDL_FreeSurface(loaded);
  if (!argb) return "";
  ZXing::ImageView image(static_cast<const uint8_t*>(argb->pixels), argb->w, argb->h,
                         ZXing::ImageFormat::BGRX, argb->pitch);
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  auto result = ZXing::ReadBarcode(image, hints);
  SDL_FreeSurface(argb);
  return result.isValid() ? result.text() : "";
}

}  // namespace yiwang::test
