<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>FieldLabels</name>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Asignada a</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Eliminada</translation>
    </message>
</context>
<context>
    <name>StoreOpener</name>
    <message>
        <source>The data folder %1 does not exist.

Create it, or start FieldSync with --data-dir pointing to an existing folder.</source>
        <translation>La carpeta de datos %1 no existe.

Créela o inicie FieldSync con --data-dir apuntando a una carpeta existente.</translation>
    </message>
    <message>
        <source>The work-order database %1 is read-only, so FieldSync could not save your edits.

Check the permissions of the file and its folder. The file was not changed.</source>
        <translation>La base de datos de órdenes %1 es de solo lectura, así que FieldSync no podría guardar sus cambios.

Compruebe los permisos del archivo y de su carpeta. El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>The file %1 is not a readable FieldSync database; it may be damaged.

It was left exactly as it is. Restore it from a backup, or move it aside to start with an empty store; unsynced edits in it can only come back from a backup.</source>
        <translation>El archivo %1 no es una base de datos de FieldSync legible; puede estar dañado.

Se ha dejado tal como estaba. Restáurelo desde una copia de seguridad o muévalo a otro sitio para empezar con un almacén vacío; los cambios sin sincronizar que contenga solo pueden recuperarse de una copia de seguridad.</translation>
    </message>
    <message>
        <source>The database %1 was created by a newer version of FieldSync.

Install the newer version to open it. The file was not changed.</source>
        <translation>La base de datos %1 se creó con una versión más reciente de FieldSync.

Instale la versión más reciente para abrirla. El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>FieldSync could not open the database %1.

The file was not changed.</source>
        <translation>FieldSync no pudo abrir la base de datos %1.

El archivo no se ha modificado.</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>Detalles: %1</translation>
    </message>
    <message>
        <source>FieldSync cannot open its data</source>
        <translation>FieldSync no puede abrir sus datos</translation>
    </message>
</context>
<context>
    <name>fieldsync::ConflictsDialog</name>
    <message>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <source>Someone else changed the same field while you were offline. The hub kept one value; nothing was thrown away. Restore your value to make it the current one again, or keep the current value.</source>
        <translation>Otra persona cambió el mismo campo mientras usted estaba sin conexión. El hub conservó un valor; no se ha perdido nada. Restaure su valor para que vuelva a ser el actual o mantenga el valor actual.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden de trabajo</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>My value</source>
        <translation>Mi valor</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Otro valor</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Restore my value</source>
        <translation>Restaurar mi valor</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Mantener el valor actual</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>eliminada</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>no eliminada</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>The conflicts could not be read.</source>
        <translation>No se pudieron leer los conflictos.</translation>
    </message>
    <message>
        <source>Your value is the current one.</source>
        <translation>Su valor es el actual.</translation>
    </message>
    <message>
        <source>Your value could not be restored: %1</source>
        <translation>No se pudo restaurar su valor: %1</translation>
    </message>
    <message>
        <source>The conflict could not be marked as resolved: %1</source>
        <translation>No se pudo marcar el conflicto como resuelto: %1</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetClient</name>
    <message>
        <source>No hub configured.</source>
        <translation>No hay ningún hub configurado.</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetConflictModel</name>
    <message>
        <source>deleted</source>
        <translation>eliminada</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>no eliminada</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>(vacío)</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Work order …%1</source>
        <translation>Orden …%1</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden de trabajo</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Valor actual</translation>
    </message>
    <message>
        <source>Written by</source>
        <translation>Escrito por</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Otro valor</translation>
    </message>
    <message>
        <source>Recorded</source>
        <translation>Registrado</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetDeviceModel</name>
    <message>
        <source>Healthy</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Never synced</source>
        <translation>Nunca sincronizado</translation>
    </message>
    <message>
        <source>Stale: not seen for over %1</source>
        <translation>Inactivo: sin contacto desde hace más de %1</translation>
    </message>
    <message>
        <source>High sync latency: p95 above %1</source>
        <translation>Latencia de sincronización alta: p95 por encima de %1</translation>
    </message>
    <message>
        <source>Integrity audit failed</source>
        <translation>La auditoría de integridad falló</translation>
    </message>
    <message>
        <source>Revoked</source>
        <translation>Revocado</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>hace %n min</numerusform>
            <numerusform>hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h ago</source>
        <translation>
            <numerusform>hace %n h</numerusform>
            <numerusform>hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n days ago</source>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>match</source>
        <translation>coincide</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>reparado</translation>
    </message>
    <message>
        <source>mismatch</source>
        <translation>no coincide</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fallido</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>0 s</source>
        <translation>0 s</translation>
    </message>
    <message>
        <source>+%1</source>
        <translation>+%1</translation>
    </message>
    <message>
        <source>−%1</source>
        <translation>−%1</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Técnico</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>Visto por última vez</translation>
    </message>
    <message>
        <source>Unsynced</source>
        <translation>Sin sincronizar</translation>
    </message>
    <message>
        <source>Latency p50</source>
        <translation>Latencia p50</translation>
    </message>
    <message>
        <source>Latency p95</source>
        <translation>Latencia p95</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <source>Last audit</source>
        <translation>Última auditoría</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>Desfase del reloj</translation>
    </message>
    <message>
        <source>App version</source>
        <translation>Versión de la app</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetEventModel</name>
    <message>
        <source>Sync</source>
        <translation>Sincronización</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoría</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Restablecimiento</translation>
    </message>
    <message>
        <source>Quarantine</source>
        <translation>Cuarentena</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>Info</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Aviso</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>Nivel</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>pushed %1</source>
        <translation>%1 enviados</translation>
    </message>
    <message>
        <source>pulled %1</source>
        <translation>%1 recibidos</translation>
    </message>
    <message numerus="yes">
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflicto</numerusform>
            <numerusform>%n conflictos</numerusform>
        </translation>
    </message>
    <message>
        <source>result: %1</source>
        <translation>resultado: %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>nothing to exchange</source>
        <translation>nada que intercambiar</translation>
    </message>
    <message>
        <source>integrity audit finished</source>
        <translation>auditoría de integridad terminada</translation>
    </message>
</context>
<context>
    <name>fieldsync::FleetPanel</name>
    <message>
        <source>Settled: %1 · %2 is now “%3”.</source>
        <translation>Resuelto: %1 · %2 es ahora «%3».</translation>
    </message>
    <message>
        <source>devices</source>
        <translation>dispositivos</translation>
    </message>
    <message>
        <source>average latency, last hour</source>
        <translation>latencia media, última hora</translation>
    </message>
    <message>
        <source>p95 latency, last hour</source>
        <translation>latencia p95, última hora</translation>
    </message>
    <message>
        <source>unsynced changes</source>
        <translation>cambios sin sincronizar</translation>
    </message>
    <message>
        <source>open conflicts</source>
        <translation>conflictos abiertos</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Fetch the fleet&apos;s state now</source>
        <translation>Obtener ahora el estado de la flota</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Dispositivos</translation>
    </message>
    <message>
        <source>Fleet sync latency</source>
        <translation>Latencia de sincronización de la flota</translation>
    </message>
    <message>
        <source>Average latency (min)</source>
        <translation>Latencia media (min)</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>Current value</source>
        <translation>Valor actual</translation>
    </message>
    <message>
        <source>Other value</source>
        <translation>Otro valor</translation>
    </message>
    <message>
        <source>Keep current value</source>
        <translation>Mantener el valor actual</translation>
    </message>
    <message>
        <source>Keep other value</source>
        <translation>Mantener el otro valor</translation>
    </message>
    <message>
        <source>No open conflicts in the fleet.</source>
        <translation>No hay conflictos abiertos en la flota.</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Umbral</translation>
    </message>
    <message>
        <source>Alarm threshold (%1)</source>
        <translation>Umbral de alarma (%1)</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Actualizado %1</translation>
    </message>
    <message>
        <source>Waiting for the hub…</source>
        <translation>Esperando al hub…</translation>
    </message>
    <message>
        <source>Sync latency alarm: the fleet&apos;s average over the last hour is %1, above the %2 threshold.</source>
        <translation>Alarma de latencia: la media de la flota en la última hora es %1, por encima del umbral de %2.</translation>
    </message>
    <message>
        <source>Integrity audit failed on a device.</source>
        <translation>La auditoría de integridad falló en un dispositivo.</translation>
    </message>
    <message numerus="yes">
        <source>Integrity audit failed on %n device(s): %1.</source>
        <translation>
            <numerusform>La auditoría de integridad falló en %n dispositivo: %1.</numerusform>
            <numerusform>La auditoría de integridad falló en %n dispositivos: %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>No hub connection.</source>
        <translation>Sin conexión con el hub.</translation>
    </message>
    <message>
        <source>This device&apos;s token does not have the supervisor role, so the fleet is not shown.</source>
        <translation>El token de este dispositivo no tiene el rol de supervisor, por eso no se muestra la flota.</translation>
    </message>
    <message>
        <source>Checking this device&apos;s role with the hub…</source>
        <translation>Comprobando el rol de este dispositivo con el hub…</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <source>Conflicts (%1)</source>
        <translation>Conflictos (%1)</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Eventos recientes</translation>
    </message>
    <message>
        <source>Select a device to see its recent sync runs, errors and audits.</source>
        <translation>Seleccione un dispositivo para ver sus últimas sincronizaciones, errores y auditorías.</translation>
    </message>
    <message>
        <source>Recent events — %1</source>
        <translation>Eventos recientes — %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>No events reported yet.</source>
        <translation>Aún no se han notificado eventos.</translation>
    </message>
    <message>
        <source>Could not settle the conflict: %1</source>
        <translation>No se pudo resolver el conflicto: %1</translation>
    </message>
    <message>
        <source>Could not load the events: %1</source>
        <translation>No se pudieron cargar los eventos: %1</translation>
    </message>
    <message>
        <source>Hub unreachable: %1</source>
        <translation>Hub inaccesible: %1</translation>
    </message>
    <message>
        <source>Hub error %1: %2</source>
        <translation>Error del hub %1: %2</translation>
    </message>
    <message>
        <source>Pick a conflict, then the value to keep. The choice reaches every device with its next sync.</source>
        <translation>Elija un conflicto y después el valor que se conserva. La decisión llega a cada dispositivo en su próxima sincronización.</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>Current value — %1</source>
        <translation>Valor actual — %1</translation>
    </message>
    <message>
        <source>Other value — %1</source>
        <translation>Otro valor — %1</translation>
    </message>
    <message>
        <source>Settling…</source>
        <translation>Resolviendo…</translation>
    </message>
    <message>
        <source>%1, edited %2</source>
        <translation>%1, editado %2</translation>
    </message>
    <message>
        <source>both edited the field at the same time; the later edit won</source>
        <translation>ambos editaron el campo a la vez; ganó la edición posterior</translation>
    </message>
    <message>
        <source>the text edits overlapped; the later edit won</source>
        <translation>las ediciones del texto se solaparon; ganó la edición posterior</translation>
    </message>
    <message>
        <source>the work order was deleted while it was being edited</source>
        <translation>la orden se eliminó mientras se estaba editando</translation>
    </message>
    <message>
        <source>%1 · %2: %3. Keep either value; the choice reaches every device.</source>
        <translation>%1 · %2: %3. Conserve cualquiera de los valores; la decisión llega a todos los dispositivos.</translation>
    </message>
</context>
<context>
    <name>fieldsync::LocalStore</name>
    <message>
        <source>The database file “%1” is read-only: %2</source>
        <translation>El archivo de base de datos «%1» es de solo lectura: %2</translation>
    </message>
    <message>
        <source>The database file “%1” is damaged: %2</source>
        <translation>El archivo de base de datos «%1» está dañado: %2</translation>
    </message>
    <message>
        <source>The file “%1” is not a FieldSync database or is damaged (%2). It was left untouched.</source>
        <translation>El archivo «%1» no es una base de datos de FieldSync o está dañado (%2). No se ha tocado.</translation>
    </message>
    <message>
        <source>The database “%1” could not be read: %2</source>
        <translation>No se pudo leer la base de datos «%1»: %2</translation>
    </message>
    <message>
        <source>The database “%1” was written by a newer version of FieldSync (schema %2; this version understands up to %3). Update FieldSync to open it; the file was left untouched.</source>
        <translation>La base de datos «%1» la escribió una versión más reciente de FieldSync (esquema %2; esta versión entiende hasta el %3). Actualice FieldSync para abrirla; el archivo no se ha tocado.</translation>
    </message>
    <message>
        <source>The database “%1” is damaged (%2). It was left untouched; restore a backup or move it aside to start with an empty database.</source>
        <translation>La base de datos «%1» está dañada (%2). No se ha tocado; restaure una copia de seguridad o muévala a otro sitio para empezar con una base de datos vacía.</translation>
    </message>
    <message>
        <source>The database connection “%1” is already in use.</source>
        <translation>La conexión de base de datos «%1» ya está en uso.</translation>
    </message>
    <message>
        <source>The data folder “%1” does not exist and could not be created.</source>
        <translation>La carpeta de datos «%1» no existe y no se pudo crear.</translation>
    </message>
    <message>
        <source>“%1” is not a folder.</source>
        <translation>«%1» no es una carpeta.</translation>
    </message>
    <message>
        <source>“%1” is not a database file.</source>
        <translation>«%1» no es un archivo de base de datos.</translation>
    </message>
    <message>
        <source>The database file “%1” is read-only. FieldSync needs to write to it; it was left untouched.</source>
        <translation>El archivo de base de datos «%1» es de solo lectura. FieldSync necesita escribir en él; no se ha tocado.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; the database cannot be written.</source>
        <translation>La carpeta de datos «%1» es de solo lectura; no se puede escribir la base de datos.</translation>
    </message>
    <message>
        <source>The data folder “%1” is read-only; no database can be created there.</source>
        <translation>La carpeta de datos «%1» es de solo lectura; no se puede crear ninguna base de datos allí.</translation>
    </message>
    <message>
        <source>The database “%1” could not be opened</source>
        <translation>No se pudo abrir la base de datos «%1»</translation>
    </message>
    <message>
        <source>Configuring the database failed</source>
        <translation>No se pudo configurar la base de datos</translation>
    </message>
    <message>
        <source>Reading the device id failed</source>
        <translation>No se pudo leer el identificador del dispositivo</translation>
    </message>
    <message>
        <source>The shared clock belongs to device %1, the database to device %2.</source>
        <translation>El reloj compartido pertenece al dispositivo %1 y la base de datos al dispositivo %2.</translation>
    </message>
    <message>
        <source>Saving setting “%1” failed</source>
        <translation>No se pudo guardar el ajuste «%1»</translation>
    </message>
    <message>
        <source>Saving the clock failed</source>
        <translation>No se pudo guardar el reloj</translation>
    </message>
    <message>
        <source>The database is not open.</source>
        <translation>La base de datos no está abierta.</translation>
    </message>
    <message>
        <source>Unknown table “%1”.</source>
        <translation>Tabla desconocida «%1».</translation>
    </message>
    <message>
        <source>Unknown field “%1”.</source>
        <translation>Campo desconocido «%1».</translation>
    </message>
    <message>
        <source>Starting a transaction failed</source>
        <translation>No se pudo iniciar una transacción</translation>
    </message>
    <message>
        <source>Adding the work order failed</source>
        <translation>No se pudo añadir la orden de trabajo</translation>
    </message>
    <message>
        <source>Queueing the new work order for sync failed</source>
        <translation>No se pudo poner en cola la nueva orden para sincronizarla</translation>
    </message>
    <message>
        <source>Saving the work order failed</source>
        <translation>No se pudo guardar la orden de trabajo</translation>
    </message>
    <message>
        <source>Reading the work order failed</source>
        <translation>No se pudo leer la orden de trabajo</translation>
    </message>
    <message>
        <source>The work order “%1” does not exist.</source>
        <translation>La orden de trabajo «%1» no existe.</translation>
    </message>
    <message>
        <source>Queueing the change for sync failed</source>
        <translation>No se pudo poner en cola el cambio para sincronizarlo</translation>
    </message>
    <message>
        <source>Reading the schema failed</source>
        <translation>No se pudo leer el esquema</translation>
    </message>
    <message>
        <source>Preparing the bulk load failed</source>
        <translation>No se pudo preparar la carga masiva</translation>
    </message>
    <message>
        <source>Adding demo work orders failed</source>
        <translation>No se pudieron añadir las órdenes de demostración</translation>
    </message>
    <message>
        <source>Rebuilding indexes after the bulk load failed</source>
        <translation>No se pudieron reconstruir los índices tras la carga masiva</translation>
    </message>
    <message>
        <source>Queueing demo work orders for sync failed</source>
        <translation>No se pudieron poner en cola las órdenes de demostración para sincronizarlas</translation>
    </message>
    <message>
        <source>Saving demo work orders failed</source>
        <translation>No se pudieron guardar las órdenes de demostración</translation>
    </message>
    <message>
        <source>The database file “%1” does not exist.</source>
        <translation>El archivo de base de datos «%1» no existe.</translation>
    </message>
    <message>
        <source>The file “%1” is a database of another application, not a FieldSync database. It was left untouched.</source>
        <translation>El archivo «%1» es una base de datos de otra aplicación, no de FieldSync. No se ha tocado.</translation>
    </message>
</context>
<context>
    <name>fieldsync::MainWindow</name>
    <message>
        <source>Sync is not set up: add a hub URL in Settings.</source>
        <translation>La sincronización no está configurada: añada la URL del hub en Ajustes.</translation>
    </message>
    <message>
        <source>About FieldSync</source>
        <translation>Acerca de FieldSync</translation>
    </message>
    <message>
        <source>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Work orders that keep working without a network. Every edit is saved on this device at once and synchronised with the hub when a connection is available.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;FieldSync %1&lt;/h3&gt;&lt;p&gt;Órdenes de trabajo que siguen funcionando sin red. Cada cambio se guarda al instante en este dispositivo y se sincroniza con el hub cuando hay conexión.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>No se pudo guardar el cambio: %1</translation>
    </message>
    <message>
        <source>Could not start a new work order.</source>
        <translation>No se pudo empezar una nueva orden de trabajo.</translation>
    </message>
    <message>
        <source>Deleted “%1”.</source>
        <translation>«%1» eliminada.</translation>
    </message>
    <message>
        <source>Restored “%1”.</source>
        <translation>«%1» restaurada.</translation>
    </message>
    <message>
        <source>Show the values that lost a concurrent edit</source>
        <translation>Mostrar los valores que perdieron en una edición simultánea</translation>
    </message>
    <message>
        <source>all changes synced</source>
        <translation>todos los cambios sincronizados</translation>
    </message>
    <message>
        <source>Offline · no unsynced changes</source>
        <translation>Sin conexión · ningún cambio pendiente</translation>
    </message>
    <message>
        <source>Offline · %1</source>
        <translation>Sin conexión · %1</translation>
    </message>
    <message>
        <source>Every change is saved on this device and will sync when the hub is reachable.</source>
        <translation>Cada cambio está guardado en este dispositivo y se sincronizará cuando el hub esté accesible.</translation>
    </message>
    <message>
        <source>%1 · last sync %2</source>
        <translation>%1 · última sincronización %2</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>Al día</translation>
    </message>
    <message>
        <source>Up to date · last sync %1</source>
        <translation>Al día · última sincronización %1</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Sync failed</source>
        <translation>La sincronización falló</translation>
    </message>
    <message>
        <source>%1 of %2 work orders</source>
        <translation>%1 de %2 órdenes de trabajo</translation>
    </message>
    <message>
        <source>No work orders match your search or filters.
Press Escape in the search field or use “Clear filters” to see all.</source>
        <translation>Ninguna orden coincide con la búsqueda o los filtros.
Pulse Esc en el campo de búsqueda o «Quitar filtros» para verlas todas.</translation>
    </message>
    <message>
        <source>No work orders yet.
Press Ctrl+N to create your first one.</source>
        <translation>Todavía no hay órdenes de trabajo.
Pulse Ctrl+N para crear la primera.</translation>
    </message>
    <message>
        <source>FieldSync — Work orders</source>
        <translation>FieldSync — Órdenes de trabajo</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Sync</source>
        <translation>&amp;Sincronización</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barra de herramientas principal</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nueva</translation>
    </message>
    <message>
        <source>Create a work order (Ctrl+N)</source>
        <translation>Crear una orden de trabajo (Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <source>Delete the selected work order (Del); you can undo it</source>
        <translation>Eliminar la orden seleccionada (Supr); se puede deshacer</translation>
    </message>
    <message>
        <source>&amp;Undo delete</source>
        <translation>&amp;Deshacer eliminación</translation>
    </message>
    <message>
        <source>Sync &amp;now</source>
        <translation>Sincronizar &amp;ahora</translation>
    </message>
    <message>
        <source>Synchronise with the hub now (F5)</source>
        <translation>Sincronizar ahora con el hub (F5)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Buscar…</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Quitar filtros</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>A&amp;justes…</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;About FieldSync</source>
        <translation>&amp;Acerca de FieldSync</translation>
    </message>
    <message>
        <source>Search title, description, site, asset, customer (Ctrl+F)</source>
        <translation>Buscar en título, descripción, ubicación, equipo, cliente (Ctrl+F)</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>Es&amp;tado:</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Todos los estados</translation>
    </message>
    <message>
        <source>Assigned to &amp;me</source>
        <translation>Asignadas a &amp;mí</translation>
    </message>
    <message>
        <source>Set your name in Settings to use this filter</source>
        <translation>Indique su nombre en Ajustes para usar este filtro</translation>
    </message>
    <message>
        <source>Only work orders assigned to %1</source>
        <translation>Solo las órdenes asignadas a %1</translation>
    </message>
    <message>
        <source>&amp;Unsynced only</source>
        <translation>Solo sin &amp;sincronizar</translation>
    </message>
    <message>
        <source>Only work orders with changes not yet on the hub</source>
        <translation>Solo órdenes con cambios que aún no están en el hub</translation>
    </message>
    <message>
        <source>Integrity audit finished: %1</source>
        <translation>Auditoría de integridad terminada: %1</translation>
    </message>
    <message>
        <source>Sync &amp;status</source>
        <translation>&amp;Estado de sincronización</translation>
    </message>
    <message>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Conflictos…</translation>
    </message>
    <message>
        <source>Run integrity &amp;audit</source>
        <translation>Ejecutar &amp;auditoría de integridad</translation>
    </message>
    <message>
        <source>Sync status</source>
        <translation>Estado de sincronización</translation>
    </message>
    <message>
        <source>The fleet overview needs a device token with the supervisor role.</source>
        <translation>La vista de la flota necesita un token de dispositivo con el rol de supervisor.</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flota</translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s)</source>
        <translation>
            <numerusform>%Ln conflicto</numerusform>
            <numerusform>%Ln conflictos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsynced change(s)</source>
        <translation>
            <numerusform>%Ln cambio sin sincronizar</numerusform>
            <numerusform>%Ln cambios sin sincronizar</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln work order(s)</source>
        <translation>
            <numerusform>%Ln orden de trabajo</numerusform>
            <numerusform>%Ln órdenes de trabajo</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Fleet overview</source>
        <translation>Vista de la &amp;flota</translation>
    </message>
    <message>
        <source>Work orders</source>
        <translation>Órdenes de trabajo</translation>
    </message>
</context>
<context>
    <name>fieldsync::SettingsDialog</name>
    <message>
        <source>Enter the hub address as http://host:port or https://host.</source>
        <translation>Escriba la dirección del hub como http://host:puerto o https://host.</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>&amp;Technician name:</source>
        <translation>Nombre del &amp;técnico:</translation>
    </message>
    <message>
        <source>&amp;Device name:</source>
        <translation>Nombre del &amp;dispositivo:</translation>
    </message>
    <message>
        <source>Sync &amp;hub URL:</source>
        <translation>URL del &amp;hub:</translation>
    </message>
    <message>
        <source>Device &amp;token:</source>
        <translation>&amp;Token del dispositivo:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Your name, as work orders are assigned</source>
        <translation>Su nombre, tal como se asignan las órdenes</translation>
    </message>
    <message>
        <source>e.g. Van 12 laptop</source>
        <translation>p. ej., portátil furgoneta 12</translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8787</source>
        <translation>p. ej., http://127.0.0.1:8787</translation>
    </message>
    <message>
        <source>Paste the token from your supervisor</source>
        <translation>Pegue el token que le dio su supervisor</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <source>Leave the hub URL empty to work on this device only. Language changes apply immediately.</source>
        <translation>Deje vacía la URL del hub para trabajar solo en este dispositivo. Los cambios de idioma se aplican al momento.</translation>
    </message>
    <message>
        <source>Show the token</source>
        <translation>Mostrar el token</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncStatusPanel</name>
    <message>
        <source>Unsynced changes:</source>
        <translation>Cambios sin sincronizar:</translation>
    </message>
    <message>
        <source>Last successful sync:</source>
        <translation>Última sincronización correcta:</translation>
    </message>
    <message>
        <source>Last integrity check:</source>
        <translation>Última comprobación de integridad:</translation>
    </message>
    <message>
        <source>Changes refused by the hub:</source>
        <translation>Cambios rechazados por el hub:</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sincronizar ahora</translation>
    </message>
    <message>
        <source>Check integrity now</source>
        <translation>Comprobar integridad ahora</translation>
    </message>
    <message>
        <source>Recent sync log</source>
        <translation>Registro de sincronización reciente</translation>
    </message>
    <message>
        <source>Latency of the last changes (edit → hub)</source>
        <translation>Latencia de los últimos cambios (edición → hub)</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Enviados</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Recibidos</translation>
    </message>
    <message>
        <source>Conflicts</source>
        <translation>Conflictos</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden de trabajo</translation>
    </message>
    <message>
        <source>Edited</source>
        <translation>Editado</translation>
    </message>
    <message>
        <source>Reached the hub</source>
        <translation>Llegó al hub</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>Latencia</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>Sync has not run since FieldSync started.</source>
        <translation>No se ha sincronizado desde que se inició FieldSync.</translation>
    </message>
    <message>
        <source>Sync is off: changes stay on this device.</source>
        <translation>La sincronización está desactivada: los cambios se quedan en este dispositivo.</translation>
    </message>
    <message>
        <source>Waiting for the next sync.</source>
        <translation>Esperando la próxima sincronización.</translation>
    </message>
    <message>
        <source>Offline: changes are kept on this device and sync later.</source>
        <translation>Sin conexión: los cambios se guardan en este dispositivo y se sincronizan más tarde.</translation>
    </message>
    <message>
        <source>Syncing…</source>
        <translation>Sincronizando…</translation>
    </message>
    <message>
        <source>Up to date.</source>
        <translation>Al día.</translation>
    </message>
    <message>
        <source>Sync error.</source>
        <translation>Error de sincronización.</translation>
    </message>
    <message>
        <source>The hub refused this device.</source>
        <translation>El hub rechazó este dispositivo.</translation>
    </message>
    <message>
        <source>Next attempt at %1.</source>
        <translation>Próximo intento a las %1.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message numerus="yes">
        <source>%n work order(s)</source>
        <translation>
            <numerusform>%n orden de trabajo</numerusform>
            <numerusform>%n órdenes de trabajo</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n field(s), oldest edit %1)</source>
        <translation>
            <numerusform>(%n campo, edición más antigua %1)</numerusform>
            <numerusform>(%n campos, edición más antigua %1)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 — data matches the hub</source>
        <translation>%1 — los datos coinciden con el hub</translation>
    </message>
    <message>
        <source>%1 — differences found and repaired</source>
        <translation>%1 — se encontraron diferencias y se repararon</translation>
    </message>
    <message>
        <source>%1 — the check could not finish</source>
        <translation>%1 — la comprobación no pudo terminar</translation>
    </message>
    <message>
        <source>%1, field “%2”: %3</source>
        <translation>%1, campo «%2»: %3</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s)</source>
        <translation>
            <numerusform>%n cambio</numerusform>
            <numerusform>%n cambios</numerusform>
        </translation>
    </message>
    <message>
        <source>sync</source>
        <translation>sincronización</translation>
    </message>
    <message>
        <source>integrity check</source>
        <translation>comprobación de integridad</translation>
    </message>
    <message>
        <source>full resync</source>
        <translation>resincronización completa</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
</context>
<context>
    <name>fieldsync::SyncWorker</name>
    <message>
        <source>Check the database file and restart FieldSync.</source>
        <translation>Compruebe el archivo de base de datos y reinicie FieldSync.</translation>
    </message>
    <message>
        <source>The server&apos;s answer was incomplete.</source>
        <translation>La respuesta del servidor estaba incompleta.</translation>
    </message>
    <message>
        <source>The server answered with status %1.</source>
        <translation>El servidor respondió con el estado %1.</translation>
    </message>
    <message>
        <source>Local data matches the server.</source>
        <translation>Los datos locales coinciden con el servidor.</translation>
    </message>
    <message numerus="yes">
        <source>Repaired %n row(s) in %1 bucket(s); %2 row(s) queued for the server.</source>
        <translation>
            <numerusform>%n fila reparada en %1 bloque(s); %2 fila(s) en cola para el servidor.</numerusform>
            <numerusform>%n filas reparadas en %1 bloque(s); %2 fila(s) en cola para el servidor.</numerusform>
        </translation>
    </message>
    <message>
        <source>Sync failed.</source>
        <translation>La sincronización falló.</translation>
    </message>
    <message>
        <source>This device may not sync with the hub. Ask your administrator to check its role.</source>
        <translation>Este dispositivo no puede sincronizar con el hub. Pida a su administrador que revise su rol.</translation>
    </message>
    <message>
        <source>The hub does not accept this device&apos;s token. Paste a new token in Settings.</source>
        <translation>El hub no acepta el token de este dispositivo. Pegue un token nuevo en Ajustes.</translation>
    </message>
    <message>
        <source>Changes are kept on this device and sync later.</source>
        <translation>Los cambios se guardan en este dispositivo y se sincronizan más tarde.</translation>
    </message>
    <message>
        <source>FieldSync retries automatically.</source>
        <translation>FieldSync lo reintentará automáticamente.</translation>
    </message>
    <message>
        <source>The token belongs to device %1, but this database is device %2.</source>
        <translation>El token pertenece al dispositivo %1, pero esta base de datos es del dispositivo %2.</translation>
    </message>
    <message>
        <source>Enrol this device on the hub again, or use the token made for it.</source>
        <translation>Vuelva a registrar este dispositivo en el hub o use el token creado para él.</translation>
    </message>
</context>
<context>
    <name>fieldsync::TableDef</name>
    <message>
        <source>“%1” must be true or false.</source>
        <translation>«%1» debe ser verdadero o falso.</translation>
    </message>
    <message>
        <source>“%1” must be text.</source>
        <translation>«%1» debe ser texto.</translation>
    </message>
    <message>
        <source>“%1” is required.</source>
        <translation>«%1» es obligatorio.</translation>
    </message>
    <message>
        <source>“%1” is longer than %2 characters.</source>
        <translation>«%1» tiene más de %2 caracteres.</translation>
    </message>
    <message>
        <source>“%1” must be a single line.</source>
        <translation>«%1» debe ocupar una sola línea.</translation>
    </message>
    <message>
        <source>“%1” is not a valid value for “%2” (expected one of: %3).</source>
        <translation>«%1» no es un valor válido para «%2» (se esperaba uno de: %3).</translation>
    </message>
    <message>
        <source>“%1” must be a date written as YYYY-MM-DD.</source>
        <translation>«%1» debe ser una fecha con el formato AAAA-MM-DD.</translation>
    </message>
    <message>
        <source>“%1” must be a UTC date and time in ISO 8601 form.</source>
        <translation>«%1» debe ser una fecha y hora UTC en formato ISO 8601.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderForm</name>
    <message>
        <source>New work order</source>
        <translation>Nueva orden de trabajo</translation>
    </message>
    <message>
        <source>Type a title to create it. It is saved on this device at once.</source>
        <translation>Escriba un título para crearla. Se guarda al instante en este dispositivo.</translation>
    </message>
    <message>
        <source>Work order</source>
        <translation>Orden de trabajo</translation>
    </message>
    <message>
        <source>Created %1 · %2</source>
        <translation>Creada %1 · %2</translation>
    </message>
    <message>
        <source>Select a work order to see its details,
or press Ctrl+N to create one.</source>
        <translation>Seleccione una orden para ver sus detalles
o pulse Ctrl+N para crear una.</translation>
    </message>
    <message>
        <source>&amp;Title</source>
        <translation>&amp;Título</translation>
    </message>
    <message>
        <source>A title is required.</source>
        <translation>El título es obligatorio.</translation>
    </message>
    <message>
        <source>What needs to be done?</source>
        <translation>¿Qué hay que hacer?</translation>
    </message>
    <message>
        <source>&amp;Status</source>
        <translation>&amp;Estado</translation>
    </message>
    <message>
        <source>&amp;Priority</source>
        <translation>&amp;Prioridad</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Cliente</translation>
    </message>
    <message>
        <source>Si&amp;te address</source>
        <translation>&amp;Dirección</translation>
    </message>
    <message>
        <source>&amp;Asset</source>
        <translation>E&amp;quipo</translation>
    </message>
    <message>
        <source>Assi&amp;gned to</source>
        <translation>Asi&amp;gnada a</translation>
    </message>
    <message>
        <source>&amp;Due date</source>
        <translation>&amp;Vencimiento</translation>
    </message>
    <message>
        <source>D&amp;escription</source>
        <translation>Descripció&amp;n</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>N&amp;otas</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Nombre del cliente</translation>
    </message>
    <message>
        <source>Street, city</source>
        <translation>Calle, ciudad</translation>
    </message>
    <message>
        <source>e.g. HVAC Unit 4B</source>
        <translation>p. ej., unidad de climatización 4B</translation>
    </message>
    <message>
        <source>Technician</source>
        <translation>Técnico</translation>
    </message>
    <message>
        <source>What the customer reported</source>
        <translation>Lo que informó el cliente</translation>
    </message>
    <message>
        <source>Findings, parts used, next steps…</source>
        <translation>Hallazgos, piezas usadas, próximos pasos…</translation>
    </message>
    <message>
        <source>No due date</source>
        <translation>Sin fecha de vencimiento</translation>
    </message>
    <message>
        <source>Clear the due date</source>
        <translation>Quitar la fecha de vencimiento</translation>
    </message>
    <message>
        <source>This work order was changed on another device while you were editing. Your changes are kept; other fields show the latest values.</source>
        <translation>Esta orden se modificó en otro dispositivo mientras la editaba. Sus cambios se conservan; los demás campos muestran los valores más recientes.</translation>
    </message>
</context>
<context>
    <name>fieldsync::WorkOrderModel</name>
    <message>
        <source>No due date</source>
        <translation>Sin fecha de vencimiento</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Vencida desde el %1</translation>
    </message>
    <message>
        <source>Sync state</source>
        <translation>Estado de sincronización</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Customer / site</source>
        <translation>Cliente / ubicación</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Asset</source>
        <translation>Equipo</translation>
    </message>
    <message>
        <source>Assigned to</source>
        <translation>Asignada a</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creada</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>Última modificación</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Scheduled</source>
        <translation>Programada</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En curso</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Completada</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelada</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Baja</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Alta</translation>
    </message>
    <message>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <source>Synced</source>
        <translation>Sincronizada</translation>
    </message>
    <message>
        <source>Synced with a conflict: see Conflicts</source>
        <translation>Sincronizada con un conflicto: vea Conflictos</translation>
    </message>
    <message>
        <source>Changed on this device, not yet synced</source>
        <translation>Modificada en este dispositivo, aún sin sincronizar</translation>
    </message>
</context>
<context>
    <name>fieldsync::migrations</name>
    <message>
        <source>The database was written by a newer version of FieldSync (schema %1, this version understands up to %2).</source>
        <translation>La base de datos la escribió una versión más reciente de FieldSync (esquema %1; esta versión entiende hasta el %2).</translation>
    </message>
    <message>
        <source>Upgrading the database to schema %1 failed: %2</source>
        <translation>No se pudo actualizar la base de datos al esquema %1: %2</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>FieldSync</source>
        <translation>FieldSync</translation>
    </message>
    <message>
        <source>The token file %1 cannot be read.</source>
        <translation>No se puede leer el archivo de token %1.</translation>
    </message>
</context>
</TS>
