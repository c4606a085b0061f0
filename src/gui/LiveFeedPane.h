#pragma once

#include "core/EventRecord.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTimer;
class QToolButton;

namespace models {
class EventFilterProxyModel;
class LiveFeedModel;
} // namespace models

namespace gui {

// Newest events first, with pause, a text filter, a source filter and a minimum severity.
// Double-click opens the event. GUI thread.
class LiveFeedPane final : public QWidget
{
    Q_OBJECT

public:
    explicit LiveFeedPane(QWidget *parent = nullptr);

    void appendEvents(const core::EventBatch &batch, qint64 skipped);
    void setKnownSources(const QStringList &sources);
    models::LiveFeedModel *model() const { return m_model; }
    models::EventFilterProxyModel *proxy() const { return m_proxy; }

Q_SIGNALS:
    void eventActivated(const core::EventRecord &event);

private:
    void applyFilter();
    void updateCountLabel();

    models::LiveFeedModel *m_model;
    models::EventFilterProxyModel *m_proxy;
    QTableView *m_table;
    QToolButton *m_pause;
    QLineEdit *m_filterText;
    QComboBox *m_source;
    QComboBox *m_severity;
    QLabel *m_count;
    QTimer *m_filterDelay;
    qint64 m_skipped = 0;
};

} // namespace gui
