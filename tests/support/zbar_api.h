// The few ZBar C functions the tests use, declared from its documented C API (zbar.h), so the
// tests need only the runtime library libzbar0: libzbar-dev would pull ImageMagick and GTK
// development packages into every CI run.
#pragma once

extern "C" {

struct zbar_image_scanner_s;
struct zbar_image_s;
struct zbar_symbol_s;

zbar_image_scanner_s* zbar_image_scanner_create();
void zbar_image_scanner_destroy(zbar_image_scanner_s* scanner);
int zbar_image_scanner_set_config(zbar_image_scanner_s* scanner, int symbology, int config,
                                  int value);
zbar_image_s* zbar_image_create();
void zbar_image_destroy(zbar_image_s* image);
void zbar_image_set_format(zbar_image_s* image, unsigned long format);
void zbar_image_set_size(zbar_image_s* image, unsigned width, unsigned height);
void zbar_image_set_data(zbar_image_s* image, const void* data, unsigned long size,
                         void (*cleanup)(zbar_image_s*));
int zbar_scan_image(zbar_image_scanner_s* scanner, zbar_image_s* image);
const zbar_symbol_s* zbar_image_first_symbol(const zbar_image_s* image);
const char* zbar_symbol_get_data(const zbar_symbol_s* symbol);
unsigned zbar_symbol_get_data_length(const zbar_symbol_s* symbol);
}

namespace yiwang::test::zbar {
// Values of zbar.h's enums.
constexpr int kSymbologyNone = 0;  // ZBAR_NONE
constexpr int kSymbologyQr = 64;   // ZBAR_QRCODE
constexpr int kConfigEnable = 0;   // ZBAR_CFG_ENABLE
constexpr int kConfigBinary = 4;   // ZBAR_CFG_BINARY
// fourcc('Y', '8', '0', '0'): 8-bit grey.
constexpr unsigned long kFormatGrey =
    'Y' | ('8' << 8) | ('0' << 16) | (static_cast<unsigned long>('0') << 24);
}  // namespace yiwang::test::zbar
