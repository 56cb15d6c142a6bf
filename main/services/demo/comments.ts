import type { OfferType } from '../../../shared/contracts/common.js';
import type { Rng } from '../../../shared/domain/random.js';

/**
 * What reps write when they reject, following the demo's story: webinar sign-ups without a buying
 * role, ebook readers without a project, small agencies outside the ICP. Drawn from a stream of its
 * own so the rest of the demo stays as it was.
 */
const BY_REASON: Record<string, readonly string[]> = {
  invalid_contact: ['Email bounced and the phone number is disconnected.', 'Fake name and a throwaway email address.'],
  duplicate: ['Same person as an open deal the AE team already works.', 'Second sign-up of a contact already in a deal.'],
  existing_customer: ['Already a customer; passed to their account manager.', 'Partner agency, handled by the partner team.'],
  not_a_buyer: ['Competitor researching our pricing.', 'Vendor pitching their own services to us.', 'Student writing a thesis on lead scoring.'],
  outside_icp: ['Agency of three people, far below our minimum size.', 'Industry we do not serve.', 'One-person consultancy; no sales team to equip.'],
  unsupported_geography: ['Based outside our sales territory.', 'Country we cannot contract in yet.'],
  no_authority: ['Individual contributor; asked for an intro to their head of sales ops.', 'No say in tooling; referred us to the VP Marketing.'],
  no_need: ['Happy with their spreadsheet process for now.', 'Curious about the topic, no project behind it.'],
  no_budget: ['Budget frozen until the next fiscal year.', 'Pre-funding startup; cannot pay for tools yet.'],
  bad_timing: ['Re-organisation under way; call back next quarter.', 'Mid-migration to a new CRM; revisit after go-live.'],
  already_solved: ['Signed with a competitor last month; renewal in a year.', 'Built an in-house scoring model they are happy with.'],
  no_response: ['Three calls and two emails, no reply.', 'Left voicemails over two weeks; no answer.'],
};

const BY_OFFER: Partial<Record<OfferType, Record<string, readonly string[]>>> = {
  webinar: {
    no_authority: ['Watched the webinar as a student; no buying role.', 'Junior marketer at the webinar for ideas; manager not involved.', 'Intern sent to the webinar to take notes.'],
    no_need: ['Attended the webinar out of interest; no project planned.'],
  },
  ebook: {
    no_need: ['Downloaded the ebook for research; no active project.', 'Read the ebook for a blog post they are writing.'],
    no_authority: ['Downloaded the ebook for their manager; not the decision maker.'],
  },
  newsletter: { no_need: ['Newsletter reader; not evaluating anything.'] },
};

/** A comment for a rejection, or null when the rep wrote none (about a third of the time). */
export function rejectionComment(code: string, offer: OfferType, rng: Rng): string | null {
  const options = BY_OFFER[offer]?.[code] ?? BY_REASON[code];
  if (!options || !rng.chance(0.65)) return null;
  return rng.pick(options);
}
