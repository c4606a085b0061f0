#pragma once

#include "core/ServiceActivity.h"

#include <QWidget>

class QTableView;

namespace models {
class ServicesModel;
}

namespace gui {

// One row per service with its last sighting, rate and worst severity. GUI thread.
class ServicesPane final : public QWidget
{
    Q_OBJECT

public:
    explicit ServicesPane(QWidget *parent = nullptr);

    void setSummaries(const QList<core::ServiceSummary> &summaries, qint64 nowMs);
    models::ServicesModel *model() const { return m_model; }

Q_SIGNALS:
    void serviceActivated(const QString &source);

private:
    models::ServicesModel *m_model;
    QTableView *m_table;
};

} // namespace gui
