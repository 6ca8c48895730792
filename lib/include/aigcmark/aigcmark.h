// Umbrella header: everything in the public API.
#ifndef AIGCMARK_AIGCMARK_H_
#define AIGCMARK_AIGCMARK_H_
#include "aigcmark/detect.h"
#include "aigcmark/image.h"
#include "aigcmark/label.h"
#include "aigcmark/metadata.h"
#include "aigcmark/status.h"
#include "aigcmark/version.h"
#include "aigcmark/visible.h"
#include "aigcmark/watermark.h"
#endif  // AIGCMARK_AIGCMARK_H_
