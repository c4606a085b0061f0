#include "Screenshot.h"

#include <QDir>
#include <QImage>
#include <QSet>
#include <QTest>
#include <QWidget>

namespace testsupport {

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("SENTINEL_SCREENSHOT_DIR", QDir::tempPath());
    QDir().mkpath(dir);
    const QImage image = widget->grab().toImage();
    QVERIFY(image.save(QDir(dir).filePath(name + QStringLiteral(".png"))));
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 40, qPrintable(QStringLiteral("%1 looks blank: %2 colours").arg(name).arg(colours.size())));
}

} // namespace testsupport
