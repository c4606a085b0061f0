#pragma once

#include "notify/Channel.h"
#include "services/RouteSupport.h"
#include "storage/AlertStore.h"
#include "storage/NotifyStore.h"

#include <QJsonDocument>
#include <QMap>
#include <functional>
#include <optional>

namespace services {

// Where a settings change is stored and audited, and when.
struct ConfigContext
{
    storage::NotifyStore *store = nullptr;
    storage::AlertStore *audit = nullptr;
    qint64 nowMs = 0;
};

// One kind of named notification setting (schedules, escalation policies, hooks): validated on
// PUT, stored as JSON by kind and name, audited, listed, and not deleted while still in use.
// The routes' bodies; the owner hops onto its thread and supplies the store.
template<typename T>
class NamedConfigs final
{
public:
    using Parse = std::function<std::optional<T>(const QString &name, const QJsonObject &json, QList<notify::ConfigProblem> *problems)>;
    using ToJson = std::function<QJsonObject(const T &)>;
    using Call = ingest::ApiServer::RouteCall;
    using Respond = ingest::ApiServer::Respond;

    NamedConfigs(QString kind, QString noun, Parse parse, ToJson toJson)
        : m_kind(std::move(kind))
        , m_noun(std::move(noun))
        , m_parse(std::move(parse))
        , m_toJson(std::move(toJson))
    {
    }

    // Stored items that no longer validate (a channel they named is gone) are skipped.
    void load(storage::NotifyStore &store, storage::StoreError *error)
    {
        for (const auto &[name, definition] : store.loadConfig(m_kind, error)) {
            QList<notify::ConfigProblem> problems;
            if (auto item = m_parse(name, QJsonDocument::fromJson(definition).object(), &problems))
                m_items.insert(name, *item);
            else
                qWarning().noquote() << "stored" << m_noun << name << "no longer validates:" << problems.value(0).path << problems.value(0).problem;
        }
    }

    const QMap<QString, T> &items() const { return m_items; }
    bool contains(const QString &name) const { return m_items.contains(name); }
    T value(const QString &name) const { return m_items.value(name); }

    // PUT: answers 201 or 200 with the stored form; returns true when something changed.
    bool put(const Call &call, const Respond &respond, const ConfigContext &context)
    {
        const QString name = call.arguments.value(0);
        const auto json = requestJson(call.request, respond);
        if (!json)
            return false;
        QList<notify::ConfigProblem> problems;
        const auto item = m_parse(name, json->toObject(), &problems);
        if (!item) {
            respond(invalidResponse(QStringLiteral("the %1 is invalid").arg(m_noun), problems));
            return false;
        }
        const QByteArray after = compactJson(m_toJson(*item));
        const QByteArray before = m_items.contains(name) ? compactJson(m_toJson(m_items.value(name))) : QByteArray();
        if (const storage::StoreError error = context.store->saveConfig(m_kind, name, after, context.nowMs); error.isError()) {
            respond(ingest::HttpResponse::error(500, QStringLiteral("could not store the %1").arg(m_noun), {error.message}));
            return false;
        }
        context.audit->audit(context.nowMs, call.actor, m_kind + QStringLiteral(".put"), name, before, after);
        const bool created = !m_items.contains(name);
        m_items.insert(name, *item);
        respond(ingest::HttpResponse::json(created ? 201 : 200, m_toJson(*item)));
        return true;
    }

    // The named item, or a 404 answered here.
    const T *find(const Call &call, const Respond &respond) const
    {
        const auto it = m_items.constFind(call.arguments.value(0));
        if (it != m_items.cend())
            return &*it;
        respond(ingest::HttpResponse::error(404, QStringLiteral("no %1 named \"%2\"").arg(m_noun, call.arguments.value(0))));
        return nullptr;
    }

    void get(const Call &call, const Respond &respond) const
    {
        if (const T *item = find(call, respond))
            respond(ingest::HttpResponse::json(200, m_toJson(*item)));
    }

    void list(const QString &key, const Respond &respond) const
    {
        QJsonArray list;
        for (const T &item : m_items)
            list.append(m_toJson(item));
        respond(ingest::HttpResponse::json(200, QJsonObject{{key, list}}));
    }

    // DELETE unless `users` (where it is still referred to) is non-empty: then 409 naming them.
    bool remove(const Call &call, const Respond &respond, const ConfigContext &context, const QStringList &users)
    {
        const T *item = find(call, respond);
        if (!item)
            return false;
        if (!users.isEmpty()) {
            respond(ingest::HttpResponse::error(409, QStringLiteral("the %1 is still in use; change these first").arg(m_noun), QJsonArray::fromStringList(users)));
            return false;
        }
        const QString name = call.arguments.value(0);
        context.store->deleteConfig(m_kind, name);
        context.audit->audit(context.nowMs, call.actor, m_kind + QStringLiteral(".delete"), name, compactJson(m_toJson(*item)), {});
        m_items.remove(name);
        ingest::HttpResponse done;
        done.status = 204;
        respond(done);
        return true;
    }

private:
    QString m_kind;
    QString m_noun;
    Parse m_parse;
    ToJson m_toJson;
    QMap<QString, T> m_items;
};

} // namespace services
