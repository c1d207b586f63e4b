// The competition tick task: questions close and advance even when nobody answers.
import type { TickTask } from '../ticker.js'
import { tickCompetitions } from './tick.js'

export const competitionTask: TickTask = {
  name: 'competitions',
  run: (deps, now) => tickCompetitions(deps, now),
}
