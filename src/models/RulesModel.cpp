#include "models/RulesModel.h"

#include "models/ModelRoles.h"
#include "models/SeverityStyle.h"
#include "core/Duration.h"
#include "rules/RuleJson.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QStandardPaths>
#include <QUrl>

namespace models {

namespace {

QString describe(const rules::DetectorSpec &d)
{
    switch (d.kind) {
    case rules::DetectorKind::Threshold:
        if (d.aggregate == rules::Aggregate::None)
            return QStringLiteral("%1 %2 %3").arg(d.field, rules::compareOpName(d.op)).arg(d.value);
        return QStringLiteral("%1(%2) over %3 %4 %5")
            .arg(rules::aggregateName(d.aggregate), d.field, core::formatDuration(d.windowMs), rules::compareOpName(d.op))
            .arg(d.value);
    case rules::DetectorKind::Absence: return QCoreApplication::translate("models::RulesModel", "nothing for %1").arg(core::formatDuration(d.afterMs));
    case rules::DetectorKind::Statistical: return QCoreApplication::translate("models::RulesModel", "statistical on %1, %2σ").arg(d.field).arg(d.sensitivity);
    case rules::DetectorKind::Anomaly: return QCoreApplication::translate("models::RulesModel", "anomaly on %1 (sensitivity %2)").arg(d.field).arg(d.sensitivity);
    }
    return {};
}

} // namespace

int RulesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rules.size());
}

int RulesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RulesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rules.size())
        return {};
    const rules::Rule &r = m_rules[index.row()];
    if (role == Qt::CheckStateRole && index.column() == EnabledColumn)
        return r.enabled ? Qt::Checked : Qt::Unchecked;
    if (role == Qt::DisplayRole || role == RawRole) {
        switch (index.column()) {
        case EnabledColumn: return role == RawRole ? QVariant(r.enabled) : QVariant();
        case IdColumn: return r.id;
        case NameColumn: return r.name;
        case SeverityColumn: return role == RawRole ? QVariant(int(r.severity)) : QVariant(core::severityName(r.severity));
        case DetectorColumn: return describe(r.detector);
        }
    }
    if (role == Qt::ForegroundRole) {
        if (!r.enabled)
            return QColor(0x6c, 0x76, 0x86);
        if (index.column() == SeverityColumn)
            return severityColor(r.severity);
    }
    if (role == Qt::ToolTipRole)
        return r.description.isEmpty() ? r.name : r.description;
    return {};
}

QVariant RulesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case EnabledColumn: return tr("On");
    case IdColumn: return tr("Id");
    case NameColumn: return tr("Name");
    case SeverityColumn: return tr("Severity");
    case DetectorColumn: return tr("Condition");
    }
    return {};
}

Qt::ItemFlags RulesModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index) | Qt::ItemIsDragEnabled;
    if (index.column() == EnabledColumn)
        f |= Qt::ItemIsUserCheckable;
    return f;
}

bool RulesModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::CheckStateRole || index.column() != EnabledColumn || index.row() >= m_rules.size())
        return false;
    Q_EMIT enableRequested(m_rules[index.row()].id, Qt::CheckState(value.toInt()) == Qt::Checked);
    return false; // the engine's answer updates the row
}

QStringList RulesModel::mimeTypes() const
{
    return {QStringLiteral("application/json"), QStringLiteral("text/uri-list")};
}

QByteArray RulesModel::exportDocument(const QList<rules::Rule> &list)
{
    QJsonArray array;
    for (const rules::Rule &r : list)
        array.append(rules::ruleToJson(r));
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), rules::ruleFormatVersion}, {QStringLiteral("rules"), array}})
        .toJson(QJsonDocument::Indented);
}

QMimeData *RulesModel::mimeData(const QModelIndexList &indexes) const
{
    QList<rules::Rule> selected;
    QList<int> rows;
    for (const QModelIndex &index : indexes) {
        if (!rows.contains(index.row())) {
            rows.append(index.row());
            selected.append(m_rules[index.row()]);
        }
    }
    const QByteArray document = exportDocument(selected);
    auto *mime = new QMimeData;
    mime->setData(QStringLiteral("application/json"), document);
    // A file manager takes files, not bytes: write the export where a drop can copy it from.
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::TempLocation) + QStringLiteral("/sentinel-drag");
    QDir().mkpath(dir);
    const QString name = selected.size() == 1 ? selected.first().id + QStringLiteral(".json") : QStringLiteral("sentinel-rules.json");
    QFile file(QDir(dir).filePath(name));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(document);
        mime->setUrls({QUrl::fromLocalFile(file.fileName())});
    }
    return mime;
}

void RulesModel::setRules(const QList<rules::Rule> &list)
{
    beginResetModel();
    m_rules = list;
    std::sort(m_rules.begin(), m_rules.end(), [](const auto &a, const auto &b) { return a.id < b.id; });
    endResetModel();
}

} // namespace models
