// Every command, listed explicitly (no folder scanning). Order = order in /帮助.
import type { CommandDef } from '../src/bot/command.js'
import { Registry } from '../src/bot/registry.js'
import adminAdd from './admin-add.js'
import adminRemove from './admin-remove.js'
import admins from './admins.js'
import bank from './bank.js'
import bankImport from './bank-import.js'
import bankStats from './bank-stats.js'
import bankTemplate from './bank-template.js'
import competition from './competition.js'
import competitionResults from './competition-results.js'
import competitionStart from './competition-start.js'
import competitionStop from './competition-stop.js'
import { helpCommand } from './help.js'
import attendanceExport from './attendance-export.js'
import attendanceReport from './attendance-report.js'
import leave from './leave.js'
import leaveApprove from './leave-approve.js'
import leaveReject from './leave-reject.js'
import makeup from './makeup.js'
import me from './me.js'
import myName from './my-name.js'
import pointRules from './point-rules.js'
import roster from './roster.js'
import rosterAdd from './roster-add.js'
import rosterImport from './roster-import.js'
import rosterRemove from './roster-remove.js'
import rosterTemplate from './roster-template.js'
import sessionEnd from './session-end.js'
import sessionSchedule from './session-schedule.js'
import sessionStart from './session-start.js'
import signIn from './sign-in.js'
import approveNote from './approve-note.js'
import featureNote from './feature-note.js'
import like from './like.js'
import note from './note.js'
import noteEdit from './note-edit.js'
import noteExport from './note-export.js'
import noteList from './note-list.js'
import notePending from './note-pending.js'
import noteSettings from './note-settings.js'
import noteView from './note-view.js'
import noteWithdraw from './note-withdraw.js'
import returnNote from './return-note.js'
import quiz from './quiz.js'
import quizCap from './quiz-cap.js'
import wrongBook from './wrong-book.js'
import groupList from './group-list.js'
import groupName from './group-name.js'
import groupPush from './group-push.js'
import groupRest from './group-rest.js'
import rank from './rank.js'
import rankHide from './rank-hide.js'
import rankShow from './rank-show.js'
import taskImport from './task-import.js'
import taskPreview from './task-preview.js'
import taskPublish from './task-publish.js'
import taskStatus from './task-status.js'

export function createRegistry(): Registry {
  const commands: CommandDef<any>[] = []
  commands.push(
    helpCommand(() => commands),
    // — members —
    signIn,
    leave,
    me,
    myName,
    pointRules,
    note,
    noteEdit,
    noteWithdraw,
    noteList,
    noteView,
    like,
    competition, // before quiz: in a running competition "A" answers the competition
    quiz,
    wrongBook,
    competitionResults,
    bank,
    rank,
    rankHide,
    rankShow,
    // — admins —
    sessionStart,
    sessionEnd,
    sessionSchedule,
    leaveApprove,
    leaveReject,
    makeup,
    attendanceReport,
    attendanceExport,
    roster,
    rosterAdd,
    rosterRemove,
    rosterTemplate,
    rosterImport,
    notePending,
    approveNote,
    returnNote,
    featureNote,
    noteSettings,
    noteExport,
    competitionStart,
    competitionStop,
    bankTemplate,
    bankImport,
    bankStats,
    quizCap,
    taskPublish,
    taskImport,
    taskPreview,
    taskStatus,
    groupName,
    groupRest,
    groupPush,
    groupList,
    admins,
    adminAdd,
    adminRemove,
  )
  return new Registry(commands)
}
